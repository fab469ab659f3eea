import Foundation
import Testing

@testable import VenvStacks

/// Lexical path arithmetic used for links and RECORD matching.
@Suite struct PathMathTests {
    @Test(arguments: [
        ("/b/app/bin", "/b/cpython-3.11/bin/python", "../../cpython-3.11/bin/python"),
        (
            "/b/app/share/venv/dynlib", "/b/app/lib/python3.11/site-packages/pkg/libfoo.so",
            "../../../lib/python3.11/site-packages/pkg/libfoo.so"
        ),
        ("/b/app/bin", "/b/app/bin/python", "python"),
        ("/b/app/bin", "/b/app/bin", "."),
        ("/b/app/bin", "/b/app", ".."),
        ("/", "/x/y", "x/y"),
        ("/b/./app/../app/bin/", "/b//app/lib/./x", "../lib/x"),
        ("/b/app", "/c", "../../c"),
    ])
    func relative(_ directory: String, _ target: String, _ expected: String) {
        #expect(PathMath.relative(from: directory, to: target) == expected)
    }

    @Test(arguments: [
        ("/env/lib/python3.11/site-packages/../../../bin/tool", "/env/bin/tool"),
        ("/a/./b//c/", "/a/b/c"),
        ("/../x", "/x"),
        ("/", "/"),
        ("/a/b/../..", "/"),
    ])
    func normalized(_ path: String, _ expected: String) {
        #expect(PathMath.normalized(path) == expected)
    }

    @Test func insideIsByWholeComponents() {
        #expect(PathMath.isInside("/b/build/env/x", "/b/build"))
        #expect(PathMath.isInside("/b/build", "/b/build"))
        #expect(PathMath.isInside("/b/build/", "/b/build"))
        #expect(PathMath.isInside("/b/build/env/../../build/x", "/b/build"))
        #expect(!PathMath.isInside("/b/build-other/x", "/b/build"))
        #expect(!PathMath.isInside("/b/build/../outside", "/b/build"))
        #expect(!PathMath.isInside("/b", "/b/build"))
        #expect(PathMath.isInside("/anything", "/"))
    }
}
