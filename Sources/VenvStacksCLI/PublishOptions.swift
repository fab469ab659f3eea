import ArgumentParser
import DeterministicArchive
import Foundation
import VenvStacks

/// `--publish-dependencies` / `--publish-derived` (publish and local-export).
struct PublishSelectionOptions: ParsableArguments {
    @Flag(
        name: .customLong("publish-dependencies"), inversion: .prefixedNo,
        help: "With --include: also publish the layers the included layers depend on.")
    var publishDependencies = false

    @Flag(
        name: .customLong("publish-derived"), inversion: .prefixedNo,
        help: "With --include: also publish the layers that build on the included layers.")
    var publishDerived = false

    /// Publication of every layer, or of the included ones with their dependencies/derived layers as asked.
    func plan(_ stack: StackSpec, include: IncludeOptions, console: Console) throws -> OperationPlan {
        var flags = OperationPlan.Flags(lock: .never, build: .never, publish: true)
        flags.publishDependencies = publishDependencies
        flags.publishDerived = publishDerived
        return try include.plan(stack, flags: flags, console: console)
    }
}

/// `--precompiled` / `--no-precompiled` (publish, build --publish and local-export): the
/// spec's `[tool.venvstacks] precompiled` setting unless given.
struct PrecompiledOption: ParsableArguments {
    @Flag(
        inversion: .prefixedNo,
        help: ArgumentHelp(
            "Put each layer's byte code in its archive or export (unchecked-hash .pyc files compiled with the layer's "
                + "Python), so deploying skips compiling (default: 'precompiled' in the spec's [tool.venvstacks], "
                + "else off; docs/precompiled.md)."))
    var precompiled: Bool?

    /// The flag when given, otherwise the spec's stack-wide setting.
    func resolved(for stack: StackSpec) -> Bool {
        precompiled ?? stack.settings.precompiled
    }
}

/// `--format` / `--precompiled`: how archives are made (publish and build --publish).
struct ArchiveOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Archive format: tar.xz (default, what the Python tool writes), tar.zst (much faster) or tar.gz.",
            valueName: "FORMAT"))
    var format: ArchiveFormatArgument = .init(.tarXZ)

    @OptionGroup var precompiled: PrecompiledOption

    func archiver(threads: Int) -> LibArchiveArchiver {
        LibArchiveArchiver(format: format.format, threads: threads)
    }
}

/// An archive format as given on the command line (`tar.xz`, `xz`, `tar.zst`, `zst`, `zstd`, `tar.gz`, `gz`).
struct ArchiveFormatArgument: ExpressibleByArgument {
    let format: ArchiveFormat

    init(_ format: ArchiveFormat) { self.format = format }

    init?(argument: String) {
        let aliases: [String: ArchiveFormat] = [
            "xz": .tarXZ, "zst": .tarZstd, "zstd": .tarZstd, "tar.zstd": .tarZstd, "gz": .tarGzip, "gzip": .tarGzip,
        ]
        guard let format = ArchiveFormat(rawValue: argument) ?? aliases[argument] else { return nil }
        self.format = format
    }

    var defaultValueDescription: String { format.rawValue }
    static var allValueStrings: [String] { ArchiveFormat.allCases.map(\.rawValue) }
}

/// The publishing dry run (docs/behaviour.md#publish-report): the request, the output folder and `hint` (what
/// to do instead to create the archives).
func publishDryRunReport(_ requests: JSONValue, outputDirectory: URL, hint: String) -> String {
    "Archive creation skipped, reporting publishing request details:\n" + requests.rendered()
        + "Archives and metadata will be published to \(outputDirectory.path)\n"
        + "Archive creation skipped (\(hint))\n"
}

/// The publishing report: the dry run's requests, or what a real run wrote.
func publicationReport(_ publication: StackWorkspace.Publication, dryRunHint: String) -> String {
    switch publication {
    case .dryRun(let requests, let outputDirectory):
        publishDryRunReport(requests, outputDirectory: outputDirectory, hint: dryRunHint)
    case .published(let result):
        outputReport(
            result, manifestLabel: "Full stack manifest saved to:", snippetsLabel: "Individual layer manifests:",
            outputsLabel: "Generated artifacts:")
    }
}

/// The report after a real publish or export (docs/behaviour.md#publish-report, docs/behaviour.md#local-export-report):
/// the manifest, then
/// the paths written, relative to their common folder.
func outputReport(_ result: PublishResult, manifestLabel: String, snippetsLabel: String, outputsLabel: String)
    -> String
{
    let paths = [result.manifestURL] + result.archives.map(\.snippet) + result.archives.map(\.archive)
    let base = commonFolder(paths.map { $0.standardizedFileURL.path })
    let relative: (URL) -> String = { PathMath.relative(from: base, to: $0.standardizedFileURL.path) }
    var lines = [result.manifest.json.rendered() + "\(manifestLabel) \(relative(result.manifestURL))", snippetsLabel]
    lines += result.archives.map { "  " + relative($0.snippet) }
    lines.append(outputsLabel)
    lines += result.archives.map { "  " + relative($0.archive) }
    lines.append("All paths reported relative to \(base)")
    return lines.joined(separator: "\n") + "\n"
}

/// The longest folder containing every path.
func commonFolder(_ paths: [String]) -> String {
    guard var common = paths.first.map({ ($0 as NSString).pathComponents }) else { return "/" }
    for path in paths.dropFirst() {
        let parts = (path as NSString).pathComponents
        common = Array(zip(common, parts).prefix(while: { $0 == $1 }).map(\.0))
    }
    if paths.count == 1 { common = Array(common.dropLast()) }
    return NSString.path(withComponents: common.isEmpty ? ["/"] : common)
}
