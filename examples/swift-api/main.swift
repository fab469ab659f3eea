// The Swift counterpart of the Python tool's interactive example, which loads a spec, defines
// the build environment and prints the stack status as JSON:
//
//     >>> stack_spec = StackSpec.load("venvstacks.toml")
//     >>> build_env = stack_spec.define_build_environment()
//     >>> print(json.dumps(build_env.get_stack_status(), indent=2))
//
// Here the engine is a library: load the spec, open a workspace (which judges every lock),
// and ask it. `swift build` builds this program as `stack-status-example`; run it as
//
//     .build/debug/stack-status-example sample_project/venvstacks.toml
//
// It prints the stack status in venvstacks' JSON shape (what `venvstacks show --json`
// prints), then one line per layer from the richer status report (`venvstacks status`).
import Foundation
import VenvStacks

guard CommandLine.arguments.count == 2 else {
    FileHandle.standardError.write(Data("usage: stack-status-example SPEC\n".utf8))
    exit(64)
}

do {
    let spec = try StackSpec.load(path: CommandLine.arguments[1])
    let workspace = try await StackWorkspace.open(spec, tools: Toolbox())
    print(workspace.status().json.rendered(), terminator: "")

    let report = workspace.report(
        StatusRequest(
            buildDirectory: spec.specDirectory.appendingPathComponent("_build"),
            outputDirectory: spec.specDirectory.appendingPathComponent("_artifacts"),
            platform: try StackWorkspace.hostPlatform(for: "publishes")))
    for layer in report.layers {
        let lock = layer.lock == .valid ? "lock valid" : "lock NOT valid"
        let built =
            switch layer.build {
            case .current: "built"
            case .notBuilt: "not built"
            case .otherPlatforms: "not for this platform"
            case .stale: "build stale"
            }
        print("\(layer.deployedName): \(lock), \(built)")
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}
