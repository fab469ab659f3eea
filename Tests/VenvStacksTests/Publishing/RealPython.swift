import Foundation
import VenvStacksTestSupport

@testable import VenvStacks

/// A CPython 3.8+ installed on this machine, asked for its own details.
struct RealPython: Sendable {
    /// `sys.executable`: the interpreter itself, not a launcher such as a pyenv shim.
    let executable: String
    /// `X.Y.Z`.
    let version: String
    /// `cpython-XY`, the tag in `__pycache__/<module>.<tag>.pyc`.
    let cacheTag: String

    var majorMinor: String { version.split(separator: ".").prefix(2).joined(separator: ".") }
    var numbers: [Int] { version.split(separator: ".").prefix(2).compactMap { Int($0) } }

    /// The `python3` on `PATH`.
    static let python3: RealPython? = probe("python3")

    /// The oldest other CPython 3.8+ whose major.minor differs from ``python3``'s: looked
    /// for in pyenv's versions and the usual system places. Nil when there is none.
    static let other: RealPython? = {
        guard let main = python3 else { return nil }
        let found = otherCandidates().compactMap(probe).filter { $0.majorMinor != main.majorMinor }
        return found.min { $0.numbers.lexicographicallyPrecedes($1.numbers) }
    }()

    static func otherCandidates() -> [String] {
        let environment = ProcessInfo.processInfo.environment
        let pyenv = environment["PYENV_ROOT"] ?? NSHomeDirectory() + "/.pyenv"
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: pyenv + "/versions")) ?? []
        return
            (versions.sorted().map { "\(pyenv)/versions/\($0)/bin/python3" }
            + ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"])
            .filter { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func probe(_ command: String) -> RealPython? {
        let code =
            "import platform, sys; print(sys.executable); print(platform.python_version()); "
            + "print(sys.implementation.cache_tag)"
        guard let result = try? TestProcess.run(ToolInvocation(command, ["-c", code])), result.status == 0
        else { return nil }
        let lines = result.stdoutText.split(separator: "\n").map(String.init)
        guard lines.count == 3, lines[2].hasPrefix("cpython-") else { return nil }
        let python = RealPython(executable: lines[0], version: lines[1], cacheTag: lines[2])
        return python.numbers.lexicographicallyPrecedes([3, 8]) ? nil : python
    }
}
