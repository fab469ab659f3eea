extension StackSpec {
    /// The enabled layers in the order they are locked and built: runtimes, then frameworks
    /// with every framework after the ones it builds on, then applications; definition
    /// order otherwise.
    public var layersInBuildOrder: [LayerSpec] {
        var ordered: [LayerSpec] = []
        var placed = Set<String>()
        var pending = frameworks.filter(\.isEnabled)
        while !pending.isEmpty {
            guard let next = pending.firstIndex(where: { $0.frameworks.allSatisfy(placed.contains) }) else {
                ordered += pending
                break
            }
            let layer = pending.remove(at: next)
            ordered.append(layer)
            placed.insert(layer.name)
        }
        return runtimes.filter(\.isEnabled) + ordered + applications.filter(\.isEnabled)
    }
}
