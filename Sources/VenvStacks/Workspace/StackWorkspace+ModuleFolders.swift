import Foundation

extension StackWorkspace {
    /// Refuses to write `folders` (the requirements, build or output folder a command is about
    /// to lock and write) when one of them lies in an application's launch or support module
    /// folder: the module would then take in the tool's own output when it is hashed, built
    /// and archived. The spec loader already refuses a module that is the spec folder or a
    /// folder above it; this catches `--build-dir` or `--output-dir` placed inside a module.
    func checkModulesHoldNone(of folders: [URL]) throws(StackError) {
        let written = folders.map { $0.standardizedFileURL.path }
        for layer in spec.applications {
            let modules =
                (layer.launchModule.map { [("launch_module", $0)] } ?? [])
                + layer.supportModules.map { ("support_modules", $0) }
            for (field, module) in modules {
                let modulePath = module.url.standardizedFileURL.path
                guard let folder = written.first(where: { PathMath.isInside($0, modulePath) }) else { continue }
                throw StackError(
                    layer: layer.buildName, file: spec.specURL.path,
                    "the module \(MessageExcerpt.quotePath(module.specPath)) in field '\(field)' holds \(MessageExcerpt.quotePath(folder)), a folder this command writes, so the module would take in the tool's own output",
                    hint:
                        "choose a --build-dir or --output-dir outside the module folder, or give the path of a module folder that holds neither"
                )
            }
        }
    }
}
