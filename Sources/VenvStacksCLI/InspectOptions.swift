import ArgumentParser
import Foundation
import VenvStacks

/// The options of the inspecting commands, shared by the one-shot commands (`venvstacks why
/// ...`) and the `inspect` session (`why ...`); each turns a workspace into its answer's text.
protocol InspectQuery: ParsableArguments {
    /// `--json`.
    var json: Bool { get set }
    /// The answer as the command prints it (text, or JSON with `--json`).
    func answer(_ workspace: StackWorkspace) throws -> String
}

extension BuildDirectoryOption {
    func url(_ workspace: StackWorkspace) -> URL { url(for: workspace.spec) }
}

struct StatusQuery: InspectQuery {
    @Option(
        name: .customLong("include"),
        help: ArgumentHelp(
            "Only report layers whose build name matches PATTERN (fnmatch: *, ?, [..]); repeatable.",
            valueName: "PATTERN"))
    var include: [String] = []

    @OptionGroup var buildDirectory: BuildDirectoryOption

    @Option(help: "The folder `publish` writes archives to, relative to the spec file's folder.")
    var outputDir = "_artifacts"

    @Flag(help: "Judge the platform-tagged metadata that `publish --tag-outputs` writes.")
    var tagOutputs = false

    @Flag(inversion: .prefixedNo, help: "Print the status as JSON (schema in docs/inspecting.md).")
    var json = false

    func answer(_ workspace: StackWorkspace) throws -> String {
        let report = workspace.report(
            StatusRequest(
                layers: include.isEmpty ? nil : try workspace.spec.layers(matching: include),
                buildDirectory: buildDirectory.url(workspace),
                outputDirectory: resolveDirectory(outputDir, specDirectory: workspace.spec.specDirectory),
                tagged: tagOutputs, platform: try StackWorkspace.hostPlatform(for: "publishes")))
        return json ? report.json.rendered() : StatusText.render(report)
    }
}

struct WhyQuery: InspectQuery {
    @Argument(help: "The package (distribution name; case, '-', '_' and '.' do not matter).")
    var package: String

    @Option(
        name: .customLong("layer"),
        help: ArgumentHelp("Only look at layers whose build name matches PATTERN; repeatable.", valueName: "PATTERN"))
    var layers: [String] = []

    @OptionGroup var buildDirectory: BuildDirectoryOption

    @Flag(inversion: .prefixedNo, help: "Print the answer as JSON (schema in docs/inspecting.md).")
    var json = false

    func answer(_ workspace: StackWorkspace) throws -> String {
        let origins = try workspace.origins(
            of: package, layers: layers.isEmpty ? nil : try workspace.spec.layers(matching: layers),
            buildDirectory: buildDirectory.url(workspace))
        return json ? origins.json.rendered() : WhyText.render(origins)
    }
}

struct WhichQuery: InspectQuery {
    @Argument(help: "A distribution, module or shared library name.")
    var name: String

    @Option(help: "The application (build name such as app-x, or its name).")
    var app: String

    @OptionGroup var buildDirectory: BuildDirectoryOption

    @Flag(inversion: .prefixedNo, help: "Print the answer as JSON (schema in docs/inspecting.md).")
    var json = false

    func answer(_ workspace: StackWorkspace) throws -> String {
        let answer = try workspace.providers(of: name, application: app, buildDirectory: buildDirectory.url(workspace))
        return json ? answer.json.rendered() : WhichText.render(answer)
    }
}

struct SizeQuery: InspectQuery {
    @Option(
        name: .customLong("include"),
        help: ArgumentHelp("Only report layers whose build name matches PATTERN; repeatable.", valueName: "PATTERN"))
    var include: [String] = []

    @Option(help: "How many of each layer's largest packages to list.")
    var top = 5

    @OptionGroup var buildDirectory: BuildDirectoryOption

    @Flag(inversion: .prefixedNo, help: "Print the report as JSON (schema in docs/inspecting.md).")
    var json = false

    func validate() throws {
        guard top >= 0 else { throw ValidationError("--top must be 0 or more") }
    }

    func answer(_ workspace: StackWorkspace) throws -> String {
        let report = workspace.sizes(
            layers: include.isEmpty ? nil : try workspace.spec.layers(matching: include), top: top,
            buildDirectory: buildDirectory.url(workspace))
        return json ? report.json.rendered() : SizeText.render(report)
    }
}

/// Runs a one-shot inspecting command: loads the spec, opens the workspace, prints the answer.
func answering(_ global: GlobalOptions, _ spec: SpecArgument, _ query: some InspectQuery) async throws {
    let console = Console(verbosity: global.verbosity)
    try await reportingErrors(console) {
        let workspace = try await Composition.open(try spec.load(console), console: console)
        console.output(try query.answer(workspace))
    }
}
