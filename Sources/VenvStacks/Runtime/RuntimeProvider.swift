import Foundation

/// Puts a runtime layer's Python into the build directory.
public protocol RuntimeProvider: Sendable {
    /// Makes sure `<buildDirectory>/<runtime build name>` holds the runtime (recreating it
    /// when `clean`) and returns its `bin/python`.
    func prepare(_ runtime: LayerSpec, in buildDirectory: URL, clean: Bool) async throws(StackError) -> URL
}

/// Where runtime layers live in a build directory.
public enum RuntimeLayout {
    /// `<env>/bin/python` (POSIX python-build-standalone layout).
    public static func python(in environment: URL) -> URL {
        environment.appendingPathComponent("bin/python")
    }
}
