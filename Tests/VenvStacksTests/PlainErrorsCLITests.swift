import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// File-system failures reach the user in the system's plain words ("Not a directory",
/// "Permission denied", "No space left on device"), never as "NSCocoaErrorDomain error 512",
/// and a lock file that cannot be read is not reported as missing.
@Suite(.serialized) final class PlainErrorsCLITests {
    let root: URL
    let built: FakeBuiltProject

    init() throws {
        root = try makeTemporaryDirectory()
        built = try FakeBuiltProject(in: root, payloadBytes: 1 << 20)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    /// Tests run as root, who may write anywhere: permission failures need another user.
    static let canRunAsNobody =
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv")

    func runAsNobody(_ arguments: [String]) throws -> CLIResult {
        let result = try TestProcess.run(
            ToolInvocation(
                "/usr/bin/setpriv",
                ["--reuid=65534", "--regid=65534", "--clear-groups", TestPaths.binary.path] + arguments))
        return CLIResult(status: result.status, stdout: result.stdoutText, stderr: result.stderrText)
    }

    func expectPlain(_ result: CLIResult, _ text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.status == 1, sourceLocation: sourceLocation)
        #expect(result.stderr.contains(text), "\(result.stderr)", sourceLocation: sourceLocation)
        for foundation in ["NSCocoaErrorDomain", "error 512", "The operation could not be completed"] {
            #expect(!result.stderr.contains(foundation), "\(result.stderr)", sourceLocation: sourceLocation)
        }
        #expect(!result.looksLikeCrash, sourceLocation: sourceLocation)
    }

    @Test func anOutputFolderUnderAFileIsNotADirectory() throws {
        let file = root.appendingPathComponent("file")
        try Data().write(to: file)
        let published = try runCLI(["publish", "--output-dir", file.path + "/out", built.spec.path])
        expectPlain(published, "ERROR: cannot create the folder \(file.path)/out: Not a directory")
        let built = try runCLI(["build", "--no-wait", "--build-dir", file.path + "/build", self.built.spec.path])
        expectPlain(built, "ERROR: cannot create the folder \(file.path)/build: Not a directory")
    }

    @Test func aFolderWhereTheManifestGoesIsADirectory() throws {
        let manifest = built.output.appendingPathComponent("__venvstacks__/venvstacks.json")
        try FileManager.default.createDirectory(
            at: manifest.appendingPathComponent("in-the-way"), withIntermediateDirectories: true)
        let result = try runCLI(["publish", built.spec.path])
        expectPlain(result, "cannot write \(manifest.path): Is a directory")
    }

    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv to run as another user"))
    func aFolderThatCannotBeWrittenIsPermissionDenied() throws {
        try FileManager.default.createDirectory(at: built.output, withIntermediateDirectories: true)
        let result = try runAsNobody(["publish", built.spec.path])
        expectPlain(result, "\(built.output.path)/.venvstacks.lock: Permission denied")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to mount a small file system"))
    func aFullDiskIsNoSpaceLeftOnDevice() throws {
        try FileManager.default.createDirectory(at: built.output, withIntermediateDirectories: true)
        let mount = try TestProcess.run(
            ToolInvocation("mount", ["-t", "tmpfs", "-o", "size=256k", "tmpfs", built.output.path]))
        guard mount.status == 0 else {
            print("skipped: cannot mount a tmpfs here: \(mount.stderrText)")
            return
        }
        defer { _ = try? TestProcess.run(ToolInvocation("umount", [built.output.path])) }
        let result = try runCLI(["publish", built.spec.path])
        expectPlain(result, "No space left on device")
        let left = try FileManager.default.contentsOfDirectory(atPath: built.output.path)
        #expect(!left.contains { $0.contains(".partial") }, "the partial archive was removed: \(left)")
    }

    var metadataFile: URL {
        built.project.appendingPathComponent("requirements/cpython-3.11/pylock.cpython-3_11.meta.json")
    }

    @Test func aLockFileThatCannotBeReadIsUnreadableNotMissing() throws {
        // As root nothing is unreadable for want of permission: a folder in its place cannot be read either.
        try FileManager.default.removeItem(at: metadataFile)
        try FileManager.default.createDirectory(at: metadataFile, withIntermediateDirectories: false)
        let shown = try runCLI(["show", "-v", built.spec.path])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(
            shown.stderr.contains(
                "cpython-3.11: lock not valid: lock metadata unreadable: \(metadataFile.path) is not a regular file "
                    + "(it is a directory)"), "\(shown.stderr)")
        #expect(!shown.stderr.contains("missing"), "\(shown.stderr)")
        let published = try runCLI(["publish", built.spec.path])
        #expect(published.status == 1)
        #expect(published.stderr.contains("lock metadata unreadable: \(metadataFile.path)"), "\(published.stderr)")
        let pylock = built.project.appendingPathComponent("requirements/framework-demo/pylock.framework-demo.toml")
        try FileManager.default.removeItem(at: pylock)
        #expect(mkfifo(pylock.path, 0o644) == 0)
        let fifo = try runCLI(["show", "-v", built.spec.path])
        #expect(
            fifo.stderr.contains("lock file unreadable: \(pylock.path) is not a regular file (it is a FIFO"),
            "\(fifo.stderr)")
    }

    @Test(.enabled(if: canRunAsNobody, "needs root and setpriv to run as another user"))
    func aLockFileWithoutReadPermissionIsPermissionDenied() throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o000], ofItemAtPath: metadataFile.path)
        let shown = try runAsNobody(["show", "-v", built.spec.path])
        #expect(
            shown.stderr.contains("lock metadata unreadable: \(metadataFile.path): Permission denied"),
            "\(shown.stderr)")
        #expect(!shown.stderr.contains("missing"), "\(shown.stderr)")
    }
}
