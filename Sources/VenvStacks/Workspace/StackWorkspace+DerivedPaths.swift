import Foundation

extension StackWorkspace {
    /// The second line of defence behind the layer-name rules (``LayerNameRules``): before a
    /// command locks and writes `folders` (the requirements, build or output folder), every
    /// per-layer path it can derive there — `<folder>/<build name>` and the names made from it
    /// (`<build name>_resolve`, `<build name>.last-build.json`, `<build name>@<version>.tar.xz`)
    /// — must lie strictly inside that folder. A name that passed the spec loader always does;
    /// a spec built by hand through the library, or a future rule's gap, is stopped here
    /// before anything is created, replaced or deleted.
    static func checkDerivedPaths(of spec: StackSpec, in folders: [URL]) throws(StackError) {
        for folder in folders {
            for layer in spec.allLayers {
                let derived = [layer.buildName, "\(layer.buildName)_resolve", "\(layer.buildName)@0.tar.xz"]
                for name in derived {
                    do {
                        try PathContainment.check(folder.appendingPathComponent(name), inside: folder)
                    } catch {
                        throw StackError(
                            layer: layer.buildName, file: spec.specURL.path,
                            "the layer's name would put its files outside \(MessageExcerpt.quotePath(folder.path)) (\(error.description)); nothing was written",
                            hint: "give the layer a name that is one plain folder name: no '/', '\\', '.' or '..'")
                    }
                }
            }
        }
    }
}
