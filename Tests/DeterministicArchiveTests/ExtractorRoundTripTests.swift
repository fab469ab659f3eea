import DeterministicArchive
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Collects extraction progress reports from the @Sendable callback.
final class ExtractionProgressLog: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [ExtractionProgress] = []

    func append(_ progress: ExtractionProgress) {
        lock.lock()
        storage.append(progress)
        lock.unlock()
    }

    var reports: [ExtractionProgress] {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// A layer written by `ArchiveWriter` comes back out of `ArchiveExtractor` as it went in.
@Suite struct ExtractorRoundTripTests {
    static let root = "app-x@1"
    static let bigSize = 3_000_000

    /// A layer tree with every kind of entry, written as `format` into `directory`.
    static func writeLayer(format: ArchiveFormat, in directory: URL) throws -> URL {
        let source = directory.appendingPathComponent("source-\(format.rawValue)")
        let manager = FileManager.default
        for folder in ["bin", "lib", "empty", "data"] {
            try manager.createDirectory(
                at: source.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        try Data("#!/bin/sh\necho tool\n".utf8).write(to: source.appendingPathComponent("bin/tool"))
        try Data("print('hi')\n".utf8).write(to: source.appendingPathComponent("lib/mod.py"))
        try Data("caf\u{e9}\n".utf8).write(to: source.appendingPathComponent("lib/caf\u{e9}.txt"))
        try Data(pseudoRandomText(count: bigSize)).write(to: source.appendingPathComponent("data/big.txt"))
        try manager.linkItem(
            at: source.appendingPathComponent("data/big.txt"), to: source.appendingPathComponent("data/same.txt"))
        let folders = ["", "/bin", "/lib", "/empty", "/data"]
        var entries = folders.map { ArchiveEntry(path: root + $0, content: .directory) }
        entries += [
            ArchiveEntry(
                path: "\(root)/bin/tool", content: .file(source.appendingPathComponent("bin/tool")), executable: true),
            ArchiveEntry(path: "\(root)/lib/mod.py", content: .file(source.appendingPathComponent("lib/mod.py"))),
            ArchiveEntry(
                path: "\(root)/lib/caf\u{e9}.txt", content: .file(source.appendingPathComponent("lib/caf\u{e9}.txt"))),
            ArchiveEntry(path: "\(root)/data/big.txt", content: .file(source.appendingPathComponent("data/big.txt"))),
            ArchiveEntry(path: "\(root)/data/same.txt", content: .file(source.appendingPathComponent("data/same.txt"))),
            ArchiveEntry(path: "\(root)/bin/python_", content: .symlink("../../cpython-3.11/bin/python")),
            ArchiveEntry(path: "\(root)/lib/link.py", content: .symlink("mod.py")),
            ArchiveEntry(path: "\(root)/lib64", content: .symlink("lib")),
        ]
        let archive = directory.appendingPathComponent("\(root)-linux_x86_64\(format.fileExtension)")
        let settings = ArchiveSettings(format: format, threads: 2, modificationTime: testTime)
        _ = try ArchiveWriter.write(entries: entries, to: archive, settings: settings)
        return archive
    }

    /// A fresh, empty destination folder.
    static func destination(in directory: URL, _ name: String = "deploy") throws -> URL {
        let url = directory.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test(arguments: ArchiveFormat.allCases)
    func everyKindOfEntryComesBack(format: ArchiveFormat) throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try Self.writeLayer(format: format, in: directory)
        let deploy = try Self.destination(in: directory)
        let log = ExtractionProgressLog()
        let request = ExtractionRequest(
            archive: archive, destination: deploy, root: Self.root, linkRoots: ["cpython-3.11"])
        let result = try ArchiveExtractor.extract(request) { log.append($0) }
        #expect(result == ExtractionResult(entryCount: 13, contentBytes: Int64(Self.bigSize + 20 + 12 + 6)))

        let layer = deploy.appendingPathComponent(Self.root)
        let manager = FileManager.default
        #expect(
            try String(contentsOf: layer.appendingPathComponent("bin/tool"), encoding: .utf8)
                == "#!/bin/sh\necho tool\n")
        #expect(
            try String(contentsOf: layer.appendingPathComponent("lib/caf\u{e9}.txt"), encoding: .utf8) == "caf\u{e9}\n")
        #expect(try bytes(of: layer.appendingPathComponent("data/big.txt")) == pseudoRandomText(count: Self.bigSize))
        #expect(permissions(of: layer.appendingPathComponent("bin/tool")) == 0o755)
        #expect(permissions(of: layer.appendingPathComponent("lib/mod.py")) == 0o644)
        #expect(permissions(of: layer.appendingPathComponent("empty")) == 0o755)
        #expect(try manager.contentsOfDirectory(atPath: layer.appendingPathComponent("empty").path).isEmpty)
        #expect(
            try manager.destinationOfSymbolicLink(atPath: layer.appendingPathComponent("bin/python_").path)
                == "../../cpython-3.11/bin/python")
        #expect(
            try manager.destinationOfSymbolicLink(atPath: layer.appendingPathComponent("lib/link.py").path) == "mod.py")
        #expect(try manager.destinationOfSymbolicLink(atPath: layer.appendingPathComponent("lib64").path) == "lib")
        #expect(
            try String(contentsOf: layer.appendingPathComponent("lib64/link.py"), encoding: .utf8) == "print('hi')\n")
        let big = try manager.attributesOfItem(atPath: layer.appendingPathComponent("data/big.txt").path)
        let same = try manager.attributesOfItem(atPath: layer.appendingPathComponent("data/same.txt").path)
        #expect(big[.systemFileNumber] as? Int == same[.systemFileNumber] as? Int, "one file, two names")
        #expect(big[.referenceCount] as? Int == 2)
        for path in ["", "/bin", "/bin/tool", "/lib/caf\u{e9}.txt", "/empty", "/data", "/data/same.txt", "/lib64"] {
            let attributes = try manager.attributesOfItem(atPath: layer.path + path)
            let time = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970
            #expect(time == Double(testTime), "modification time of \(Self.root)\(path)")
        }

        let reports = log.reports
        let size = Int64(try bytes(of: archive).count)
        #expect(reports.last == ExtractionProgress(bytesRead: size, totalBytes: size, entriesDone: 13))
        #expect(reports.count <= 2 + Int(size >> 20), "sparingly: \(reports.count) reports")
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytesRead <= $1.bytesRead })
    }

    @Test func aDestinationReachedThroughASymlinkedFolderWorks() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try Self.writeLayer(format: .tarGzip, in: directory)
        let real = try Self.destination(in: directory, "real")
        let alias = directory.appendingPathComponent("alias")
        try FileManager.default.createSymbolicLink(at: alias, withDestinationURL: real)
        let deploy = try Self.destination(in: alias, "deploy")
        let request = ExtractionRequest(
            archive: archive, destination: deploy, root: Self.root, linkRoots: ["cpython-3.11"])
        let result = try ArchiveExtractor.extract(request)
        #expect(result.entryCount == 13)
        let tool = real.appendingPathComponent("deploy/\(Self.root)/bin/tool")
        #expect(try String(contentsOf: tool, encoding: .utf8) == "#!/bin/sh\necho tool\n")
    }

    @Test func setuidSetgidAndStickyBitsAreDropped() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var tar = TarBuilder()
        tar.directory("app@1/", mode: 0o1777)
        tar.directory("app@1/shared/", mode: 0o2750)
        tar.file("app@1/shared/su", "#!/bin/sh\n", mode: 0o4755)
        tar.file("app@1/private", "secret", mode: 0o600)
        let archive = directory.appendingPathComponent("modes.tar")
        try tar.write(to: archive)
        let deploy = try Self.destination(in: directory)
        let result = try ArchiveExtractor.extract(
            ExtractionRequest(archive: archive, destination: deploy, root: "app@1"))
        #expect(result == ExtractionResult(entryCount: 4, contentBytes: 10 + 6))
        let layer = deploy.appendingPathComponent("app@1")
        #expect(permissions(of: layer) == 0o777)
        #expect(permissions(of: layer.appendingPathComponent("shared")) == 0o750)
        #expect(permissions(of: layer.appendingPathComponent("shared/su")) == 0o755)
        #expect(permissions(of: layer.appendingPathComponent("private")) == 0o600)
    }

    @Test func severalArchivesCanBeExtractedAtOnce() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archives = try ArchiveFormat.allCases.map { try Self.writeLayer(format: $0, in: directory) }
        let jobs = (0..<6).map { index in
            ExtractionRequest(
                archive: archives[index % archives.count],
                destination: try! Self.destination(in: directory, "deploy-\(index)"), root: Self.root,
                linkRoots: ["cpython-3.11"])
        }
        let outcomes = Outcomes(count: jobs.count)
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            outcomes.set(index, Result { () throws(ArchiveError) in try ArchiveExtractor.extract(jobs[index]) })
        }
        for (index, outcome) in outcomes.values.enumerated() {
            #expect(try outcome.get().entryCount == 13, "job \(index)")
            let name = jobs[index].destination.appendingPathComponent("\(Self.root)/lib/caf\u{e9}.txt")
            #expect(FileManager.default.fileExists(atPath: name.path))
        }
    }

    @Test func theDestinationMustBeAnExistingEmptyFolder() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let archive = try Self.writeLayer(format: .tarGzip, in: directory)
        let used = try Self.destination(in: directory, "used")
        try Data().write(to: used.appendingPathComponent(".hidden"))
        for (destination, reason) in [
            (used, "the folder is not empty"), (directory.appendingPathComponent("missing"), "No such file"),
            (archive, "it is not a folder"),
        ] {
            let request = ExtractionRequest(archive: archive, destination: destination, root: Self.root)
            let error = #expect(throws: ArchiveError.self) { try ArchiveExtractor.extract(request) }
            #expect(error?.description.contains(archive.lastPathComponent) == true)
            #expect(error?.description.contains(reason) == true, "\(String(describing: error))")
        }
    }
}

/// Results of concurrent jobs, each stored by its index.
final class Outcomes: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [Result<ExtractionResult, ArchiveError>?]

    init(count: Int) { storage = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ outcome: Result<ExtractionResult, ArchiveError>) {
        lock.lock()
        storage[index] = outcome
        lock.unlock()
    }

    var values: [Result<ExtractionResult, ArchiveError>] {
        lock.lock()
        defer { lock.unlock() }
        return storage.map { $0 ?? .failure(ArchiveError(description: "did not run")) }
    }
}
