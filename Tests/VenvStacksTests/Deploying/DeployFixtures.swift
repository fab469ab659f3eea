import Foundation
import VenvStacksTestSupport

@testable import VenvStacks

/// A published folder written by the test: a manifest for a runtime `rt`, a framework
/// `fw@1`, and applications `app-one` and `app-two`, with "archives" of random bytes.
final class PublishedFolder {
    let directory: URL
    var layers: [String: JSONValue] = [:]

    init(in root: URL) throws {
        directory = root.appendingPathComponent("published")
        try FileManager.default.createDirectory(
            at: directory.appendingPathComponent("__venvstacks__"), withIntermediateDirectories: true)
        try add(.runtime, name: "rt", target: "rt")
        try add(.framework, name: "framework-fw", target: "framework-fw@1", required: [])
        try add(.application, name: "app-one", target: "app-one", required: ["framework-fw@1"], module: "one")
        try add(.application, name: "app-two", target: "app-two", required: [], module: "two")
        try writeManifest()
    }

    /// Writes an archive of random bytes for the layer and records its size and hash.
    func add(
        _ kind: LayerKind, name: String, target: String, required: [String] = [], module: String? = nil
    ) throws {
        let bytes = Data((0..<4096).map { _ in UInt8.random(in: 0...255) })
        let archiveName = "\(target).tar.xz"
        try bytes.write(to: directory.appendingPathComponent(archiveName))
        var entry: [String: JSONValue] = [
            "layer_name": .string(name), "install_target": .string(target), "runtime_layer": .string("rt"),
            "archive_name": .string(archiveName), "archive_size": .int(bytes.count),
            "archive_hashes": .object([
                "sha256": .string(ContentHash.sha256Hex(bytes))
            ]),
        ]
        if kind != .runtime { entry["required_layers"] = .array(required.map { .string($0) }) }
        if let module { entry["app_launch_module"] = .string(module) }
        layers[target] = .object(entry)
    }

    /// Changes the bytes of a layer's archive and its manifest entry (a new publish).
    func republish(_ target: String) throws {
        guard case .object(let entry)? = layers[target] else { return }
        let kind: LayerKind =
            entry["app_launch_module"] != nil ? .application : entry["required_layers"] != nil ? .framework : .runtime
        try add(
            kind, name: entry["layer_name"]!.stringValue!, target: target,
            required: entry["required_layers"].map { json -> [String] in
                if case .array(let items) = json { return items.compactMap(\.stringValue) }
                return []
            } ?? [], module: entry["app_launch_module"]?.stringValue)
        try writeManifest()
    }

    func writeManifest() throws {
        func group(_ predicate: (JSONValue) -> Bool) -> JSONValue {
            .array(layers.keys.sorted().compactMap { layers[$0] }.filter(predicate))
        }
        let manifest = JSONValue.object([
            "layers": .object([
                "runtimes": group { $0["required_layers"] == nil },
                "frameworks": group { $0["required_layers"] != nil && $0["app_launch_module"] == nil },
                "applications": group { $0["app_launch_module"] != nil },
            ])
        ])
        try manifest.rendered().write(
            to: directory.appendingPathComponent("__venvstacks__/venvstacks.json"), atomically: true, encoding: .utf8)
    }

    func archive(_ target: String) -> URL { directory.appendingPathComponent("\(target).tar.xz") }
}

/// Makes a minimal layer folder instead of reading the archive.
final class FakeUnpacker: LayerUnpacker, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var unpacked: [String] = []
    var failing: String?
    /// Python files (paths under `lib/`) every unpacked layer gets.
    var pythonFiles: [String] = []

    func unpack(
        _ archive: URL, into destination: URL, root: String, linkRoots: Set<String>,
        progress: @escaping @Sendable (Int64, Int64) -> Void
    ) throws(StackError) {
        lock.withLock { unpacked.append(root) }
        if root == failing { throw StackError("Layer \(root): \(archive.lastPathComponent): entry '\(root)/x' is bad") }
        let layer = destination.appendingPathComponent(root)
        let base = root == "rt" ? "bin/python" : "../rt/bin/python"
        do {
            let fm = FileManager.default
            try fm.createDirectory(
                at: layer.appendingPathComponent("share/venv/metadata"), withIntermediateDirectories: true)
            try fm.createDirectory(at: layer.appendingPathComponent("bin"), withIntermediateDirectories: true)
            try Data("#!/bin/sh\n".utf8).write(to: layer.appendingPathComponent("bin/python"))
            try Data("# post-install\n".utf8).write(to: layer.appendingPathComponent("postinstall.py"))
            for file in pythonFiles {
                let url = layer.appendingPathComponent("lib/" + file)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data("x = 1\n".utf8).write(to: url)
            }
            try Data("{\"base_python\": \"\(base)\", \"python\": \"bin/python\"}\n".utf8).write(
                to: layer.appendingPathComponent("share/venv/metadata/venvstacks_layer.json"))
        } catch {
            throw StackError("fake unpack failed: \(error)")
        }
        progress(4096, 4096)
    }
}

/// The post-install runs of a deploy, on the scripted runner (each runs as `/bin/sh -c 'umask
/// …' python …/<layer>/postinstall.py`): recorded, and `failing` exits with status 1 and some
/// output. Any other program fails the test.
func fakePostInstallRunner(failing: String? = nil) -> ScriptedToolRunner {
    ScriptedToolRunner().on("post-install script", { $0.arguments.last?.hasSuffix("/postinstall.py") == true }) {
        invocation in
        if postInstalledLayer(invocation) == failing {
            return ToolResult(status: 1, standardError: Data("postinstall.py: error: site_dir missing\n".utf8))
        }
        return ToolResult(status: 0)
    }
}

/// The layer whose post-install script `invocation` runs.
func postInstalledLayer(_ invocation: ToolInvocation) -> String {
    URL(fileURLWithPath: invocation.arguments.last ?? "").deletingLastPathComponent().lastPathComponent
}

extension ScriptedToolRunner {
    /// The layers post-installed so far, in order.
    var postInstalled: [String] { calls.map(postInstalledLayer) }
}
