import Foundation
import Testing

@testable import VenvStacks

/// Which files are shared libraries to link and which `dynlib_exclude` patterns drop
/// (docs/behaviour.md#finding-shared-libraries).
@Suite struct DynamicLibraryRulesTests {
    static let suffixes = [".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"]

    @Test(arguments: [
        ("libfoo.so", true),
        ("libx.dylib", true),
        ("libopenblas64_p-r0-0cf96a72.3.23.dev.so", true),
        ("foo.cpython-312-x86_64-linux-gnu.so", true),
        ("libfoo.so.1", false),
        ("foo.cpython-311-x86_64-linux-gnu.so", false),
        ("foo.abi3.so", false),
        ("libfoo.a", false),
        ("README", false),
        (".so", false),
        ("libfoo.so.", false),
    ])
    func candidate(_ name: String, _ linked: Bool) {
        #expect(DynamicLibraries.isCandidate(fileName: name, extensionSuffixes: Self.suffixes) == linked)
    }

    @Test func bareSoSuffixIsNotAnExtensionSuffix() {
        #expect(DynamicLibraries.isCandidate(fileName: "libfoo.so", extensionSuffixes: [".so"]))
    }

    @Test(arguments: [
        ("libopenblas64_p-r0-0cf96a72.3.23.dev.so", [".3", ".23", ".dev", ".so"]),
        ("foo.cpython-311-x86_64-linux-gnu.so", [".cpython-311-x86_64-linux-gnu", ".so"]),
        ("archive.tar.gz", [".tar", ".gz"]),
        ("a..so", [".", ".so"]),
        ("..hidden.so", [".so"]),
        ("noext", []),
        ("trailing.", []),
    ])
    func pathSuffixes(_ name: String, _ expected: [String]) {
        #expect(DynamicLibraries.pathSuffixes(name) == expected)
    }

    static let site = "lib/python3.11/site-packages"

    @Test(arguments: [
        ("*", "triton/_C/libtriton.so", true),
        ("*", "libtop.so", true),
        ("triton/**", "triton/_C/libtriton.so", true),
        ("triton/**", "triton/libtriton.so", true),
        ("triton/**", "tritonx/libtriton.so", false),
        ("triton/**", "not_triton/libtriton.so", false),
        ("PIL/**/libpng16.*", "PIL/libpng16.so", true),
        ("PIL/**/libpng16.*", "PIL/.libs/libpng16.so", true),
        ("PIL/**/libpng16.*", "PIL/a/b/libpng16.so", true),
        ("PIL/**/libpng16.*", "PIL/.libs/libpng16-1a2b.so", false),
        ("PIL/**/libpng16.*", "pillow.libs/libpng16.so", false),
        ("numpy.libs/*.so", "numpy.libs/libscipy_openblas64_-ff651d7f.so", true),
        ("numpy.libs/*.so", "numpy.libs/sub/libx.so", false),
        ("numpy.libs/*.so", "numpyXlibs/libx.so", false),
        ("numpy.libs/*.so", "numpy.libs/libx.dylib", false),
        ("libfoo.so", "deep/er/libfoo.so", true),
        ("er/libfoo.so", "deep/er/libfoo.so", true),
        ("eep/er/libfoo.so", "deep/er/libfoo.so", false),
    ])
    func excluded(_ pattern: String, _ path: String, _ expected: Bool) {
        #expect(DynamicLibraries.isExcluded("\(Self.site)/\(path)", patterns: [pattern]) == expected)
    }

    @Test func anyPatternExcludes() {
        let path = "\(Self.site)/numpy.libs/libgfortran.so"
        #expect(DynamicLibraries.isExcluded(path, patterns: ["nothing/**", "numpy.libs/*.so"]))
        #expect(!DynamicLibraries.isExcluded(path, patterns: ["nothing/**", "scipy.libs/*.so"]))
        #expect(!DynamicLibraries.isExcluded(path, patterns: []))
    }
}
