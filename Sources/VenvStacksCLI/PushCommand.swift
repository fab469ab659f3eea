import ArgumentParser
import Foundation
import Synchronization
import VenvStacks

/// `venvstacks push PUBLISHED-DIR --oci-layout DIR`: a published stack as OCI artifacts
/// (docs/registries.md).
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Push a published stack to an OCI registry, or write it as an OCI image layout folder.",
        discussion: """
            Reads the manifest `venvstacks publish` wrote in PUBLISHED-DIR/__venvstacks__ and checks every archive \
            against it. Each layer archive becomes a blob, each layer an artifact manifest whose config is the layer's \
            metadata (tagged with its deployed name, '@' becoming '.v'), each layer's SBOM a referrer of that manifest, \
            and the stack an image index. In a registry that index is tagged <tag>-<platform> and REFERENCE's tag \
            names a platform list, which keeps the other platforms' stacks pushed to the same tag; in a layout the \
            index gets --tag. The same published folder always gives the same digests. REFERENCE is host[:port]/name[:tag]: blobs the repository already has are not \
            uploaded again; blobs another repository of the registry holds (one this machine pushed to or deployed \
            from, else --mount-from) are mounted from it; large ones go up in chunks. HTTPS, or plain HTTP for this machine (localhost, 127.x, \
            ::1) or with --insecure-registry. Credentials: VENVSTACKS_REGISTRY_USERNAME and \
            VENVSTACKS_REGISTRY_PASSWORD, else the Docker config file ($DOCKER_CONFIG or ~/.docker/config.json): \
            the registry's credential helper, its auths entry, or the default credential helper (credsStore). With --oci-layout DIR the same artifacts are written as an OCI image layout, \
            which skopeo or oras copy to any registry (docs/registries.md).
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder `venvstacks publish` wrote (its --output-dir).")
    var publishedDir: String

    @Argument(help: "Where to push: host[:port]/name[:tag] (tag default: latest).")
    var reference: String?

    @Option(
        name: .customLong("oci-layout"), help: ArgumentHelp("Write an OCI image layout into DIR.", valueName: "DIR"))
    var ociLayout: String?

    @Option(help: "The tag of the stack's index in an OCI layout written without REFERENCE.")
    var tag = StackPush.defaultTag

    @Option(
        help: ArgumentHelp(
            "Push only the layers matching PATTERN (fnmatch on build or deployed names) and the layers they need; "
                + "repeatable (default: every layer).", valueName: "PATTERN"))
    var include: [String] = []

    @Option(
        name: .customLong("mount-from"),
        help: ArgumentHelp(
            "A repository of the same registry (name only, no host) to mount shared blobs from when this machine "
                + "has no record of where they are.", valueName: "REPOSITORY"))
    var mountFrom: String?

    @Flag(name: .customLong("insecure-registry"), help: "Use plain HTTP for a registry that is not this machine.")
    var insecureRegistry = false

    @Flag(inversion: .prefixedNo, help: "Print what was written as JSON (docs/registries.md#push-output).")
    var json = false

    func validate() throws {
        guard ociLayout != nil || reference != nil else {
            throw ValidationError("give a REFERENCE (host[:port]/name[:tag]) to push to, or --oci-layout DIR, or both")
        }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let display = PushProgressDisplay(verbosity: global.verbosity)
            let result = try await StackPush.push(
                PushRequest(
                    publishedDirectory: URL(fileURLWithPath: publishedDir, relativeTo: cwd).standardizedFileURL,
                    reference: try reference.map { text throws(StackError) in try RegistryReference(parsing: text) },
                    layoutDirectory: ociLayout.map { URL(fileURLWithPath: $0, relativeTo: cwd).standardizedFileURL },
                    tag: tag, insecure: insecureRegistry, patterns: include, mountFrom: mountFrom),
                transport: URLSessionTransport(), environment: ProcessInfo.processInfo.environment,
                progress: display.handle)
            display.finish()
            console.output(
                json ? Self.json(result).rendered() : Self.report(result, layout: ociLayout, reference: reference))
        }
    }

    static func json(_ result: PushResult) -> JSONValue {
        var members: [String: JSONValue] = [
            "index": .object([
                "tag": .string(result.registry?.indexTag ?? result.artifacts.stackTag),
                "digest": .string(result.artifacts.index.descriptor.digest),
            ]),
            "layers": .array(
                result.artifacts.layers.map { layer in
                    var entry: [String: JSONValue] = [
                        "install_target": .string(layer.layer.installTarget), "tag": .string(layer.tag),
                        "digest": .string(layer.manifest.descriptor.digest),
                        "archive": .object([
                            "digest": .string(layer.archive.digest), "size": .int(Int(layer.archive.size)),
                        ]),
                    ]
                    if let action = result.registry?.blobs[layer.archive.digest] {
                        entry["archive_pushed"] = .string(action.name)
                        if case .mounted(let source) = action { entry["archive_mounted_from"] = .string(source) }
                    }
                    return .object(entry)
                }),
            "referrers": .array(result.artifacts.referrers.map { .string($0.descriptor.digest) }),
        ]
        if let list = result.registry?.platformList {
            members["platform_list"] = .object([
                "tag": .string(result.artifacts.stackTag), "digest": .string(list.digest),
            ])
        }
        if let outcome = result.layout {
            members["layout"] = .object([
                "blobs_written": .int(outcome.blobsWritten), "bytes_written": .int(Int(outcome.bytesWritten)),
                "blobs_kept": .int(outcome.blobsKept), "bytes_kept": .int(Int(outcome.bytesKept)),
            ])
        }
        if let outcome = result.registry {
            members["registry"] = .object([
                "blobs_uploaded": .int(outcome.blobsUploaded), "bytes_uploaded": .int(Int(outcome.bytesUploaded)),
                "blobs_present": .int(outcome.blobsPresent), "bytes_present": .int(Int(outcome.bytesPresent)),
                "blobs_mounted": .int(outcome.blobsMounted), "bytes_mounted": .int(Int(outcome.bytesMounted)),
                "manifests_put": .int(outcome.manifestsPut),
            ])
        }
        return .object(members)
    }

    static func report(_ result: PushResult, layout: String?, reference: String?) -> String {
        let digest = result.artifacts.index.descriptor.digest
        var lines: [String] = []
        if let indexTag = result.registry?.indexTag, let list = result.registry?.platformList {
            lines.append(
                "stack index \(digest) tagged '\(indexTag)', listed in the platform list \(list.digest) tagged "
                    + "'\(result.artifacts.stackTag)'")
            if result.layout != nil {
                lines.append("in the OCI layout, the stack index is tagged '\(result.artifacts.stackTag)'")
            }
        } else {
            lines.append("stack index \(digest) tagged '\(result.artifacts.stackTag)'")
        }
        for layer in result.artifacts.layers {
            var line = "  \(layer.tag): \(layer.manifest.descriptor.digest)"
            if let action = result.registry?.blobs[layer.archive.digest] {
                let how =
                    switch action {
                    case .uploaded: "uploaded"
                    case .present: "already there"
                    case .mounted(let source): "mounted from \(source)"
                    }
                line += " (archive \(layer.archive.size) bytes, \(how))"
            }
            lines.append(line)
        }
        if let outcome = result.layout, let layout {
            lines.append(
                "OCI layout \(layout): \(outcome.blobsWritten) blobs written (\(outcome.bytesWritten) bytes), "
                    + "\(outcome.blobsKept) already there (\(outcome.bytesKept) bytes); "
                    + "\(result.artifacts.referrers.count) SBOM referrers")
        }
        if let outcome = result.registry, let reference {
            lines.append(
                "registry \(reference): \(outcome.blobsUploaded) blobs uploaded (\(outcome.bytesUploaded) bytes), "
                    + (outcome.blobsMounted > 0
                        ? "\(outcome.blobsMounted) mounted from other repositories (\(outcome.bytesMounted) bytes), "
                        : "")
                    + "\(outcome.blobsPresent) already there (\(outcome.bytesPresent) bytes); "
                    + "\(outcome.manifestsPut) manifests put")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Shows push progress on a terminal: one line with the bytes of blobs handled so far,
/// redrawn in place; nothing in logs.
final class PushProgressDisplay: Sendable {
    private let interactive: Bool
    private let lastDraw = Mutex(Date.distantPast)

    init(verbosity: Int) { interactive = Console.showsProgress(verbosity: verbosity) }

    func handle(_ done: Int64, _ total: Int64) {
        guard interactive else { return }
        lastDraw.withLock { last in
            let now = Date()
            guard now.timeIntervalSince(last) >= 0.1 || done == total else { return }
            last = now
            let percent = total > 0 ? Int(done * 100 / total) : 100
            FileHandle.standardError.write(
                Data("\r\u{1B}[Kpushing: \(done / 1_000_000) of \(total / 1_000_000) MB (\(percent)%)".utf8))
        }
    }

    func finish() {
        guard interactive else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
