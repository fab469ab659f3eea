import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An exclusive lock on a deploy folder (`flock` on `<target>/.venvstacks-deploy.lock`), so
/// two deploys into the same folder cannot interleave. The kernel drops it when the process
/// ends, however it ends.
final class DeployLock {
    static let fileName = ".venvstacks-deploy.lock"
    private let descriptor: Int32

    /// Takes the lock, or fails at once when another process holds it.
    init(in target: URL) throws(BuildError) {
        let path = target.appendingPathComponent(Self.fileName).path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw BuildError("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw BuildError(
                "another venvstacks deploy is working in \(target.path) (it holds \(Self.fileName)); "
                    + "wait for it to finish, then run this one again")
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
