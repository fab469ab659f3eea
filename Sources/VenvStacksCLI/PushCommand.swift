import ArgumentParser
import Foundation
import VenvStacks

/// `venvstacks push PUBLISHED-DIR --oci-layout DIR`: a published stack as OCI artifacts
/// (docs/registries.md).
struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Write a published stack as OCI artifacts: an OCI image layout folder any registry tool can copy.",
        discussion: """
            Reads the manifest `venvstacks publish` wrote in PUBLISHED-DIR/__venvstacks__ and checks every archive \
            against it. Each layer archive becomes a blob, each layer an artifact manifest whose config is the layer's \
            metadata, each layer's SBOM a referrer of that manifest, and the stack an image index listing the layers. \
            With --oci-layout DIR they are written as an OCI image layout: the index tagged with --tag, each layer \
            manifest tagged with its deployed name ('@' becomes '.v'). Blobs already in DIR are kept; the same \
            published folder always gives the same digests. Copy the layout to a registry with, for example, \
            `skopeo copy --all oci:DIR:TAG docker://HOST/NAME:TAG` (docs/registries.md). Pushing straight to a \
            registry is not built yet.
            """
    )

    @OptionGroup var global: GlobalOptions

    @Argument(help: "The folder `venvstacks publish` wrote (its --output-dir).")
    var publishedDir: String

    @Option(
        name: .customLong("oci-layout"), help: ArgumentHelp("Write an OCI image layout into DIR.", valueName: "DIR"))
    var ociLayout: String?

    @Option(help: "The tag of the stack's index.")
    var tag = StackPush.defaultTag

    @Flag(inversion: .prefixedNo, help: "Print what was written as JSON (docs/registries.md#push-output).")
    var json = false

    func validate() throws {
        guard ociLayout != nil else {
            throw ValidationError(
                "give --oci-layout DIR: pushing straight to a registry is not built yet; write a layout and copy it "
                    + "with skopeo (docs/registries.md)")
        }
    }

    func run() async throws {
        let console = Console(verbosity: global.verbosity)
        try await reportingErrors(console) {
            let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            let result = try StackPush.push(
                PushRequest(
                    publishedDirectory: URL(fileURLWithPath: publishedDir, relativeTo: cwd).standardizedFileURL,
                    layoutDirectory: URL(fileURLWithPath: ociLayout ?? "", relativeTo: cwd).standardizedFileURL,
                    tag: tag))
            console.output(json ? Self.json(result).rendered() : Self.report(result, layout: ociLayout ?? ""))
        }
    }

    static func json(_ result: PushResult) -> JSONValue {
        let outcome = result.layout
        return .object([
            "index": .object([
                "tag": .string(result.artifacts.stackTag), "digest": .string(result.artifacts.index.descriptor.digest),
            ]),
            "layers": .array(
                result.artifacts.layers.map { layer in
                    .object([
                        "install_target": .string(layer.layer.installTarget), "tag": .string(layer.tag),
                        "digest": .string(layer.manifest.descriptor.digest),
                    ])
                }),
            "referrers": .array(result.artifacts.referrers.map { .string($0.descriptor.digest) }),
            "blobs_written": .int(outcome.blobsWritten), "bytes_written": .int(Int(outcome.bytesWritten)),
            "blobs_kept": .int(outcome.blobsKept), "bytes_kept": .int(Int(outcome.bytesKept)),
        ])
    }

    static func report(_ result: PushResult, layout: String) -> String {
        var lines = [
            "OCI layout \(layout): stack index \(result.artifacts.index.descriptor.digest) tagged '\(result.artifacts.stackTag)'"
        ]
        for layer in result.artifacts.layers {
            lines.append("  \(layer.tag): \(layer.manifest.descriptor.digest)")
        }
        let outcome = result.layout
        lines.append(
            "\(outcome.blobsWritten) blobs written (\(outcome.bytesWritten) bytes), \(outcome.blobsKept) already there "
                + "(\(outcome.bytesKept) bytes); \(result.artifacts.referrers.count) SBOM referrers")
        return lines.joined(separator: "\n")
    }
}
