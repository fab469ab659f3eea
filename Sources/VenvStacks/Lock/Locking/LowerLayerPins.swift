import PythonPackaging

/// A package pinned by a layer below the one being locked.
public struct LowerLayerPin: Sendable, Equatable {
    public var name: String
    public var version: String
    /// Normalised single-quoted marker, nil when unconditional.
    public var marker: String?

    public init(name: String, version: String, marker: String? = nil) {
        self.name = name
        self.version = version
        self.marker = marker
    }

    /// `name==version` with ` ; marker` when there is one (the constraint form).
    public var constraint: String {
        "\(name)==\(version)" + (marker.map { " ; \($0)" } ?? "")
    }
}

/// Collects the pins a layer must respect from the lock files of the layers below it
/// (docs/formats.md#resolve-project: `constraint-dependencies`).
public enum LowerLayerPins {
    /// Pins from `lowerLocks` (the runtime's pylock first, then each linearised framework's).
    ///
    /// Packages a lower layer itself inherits (marked `from_lower_layer`) are skipped. Per
    /// name, once an unconditional pin has been seen later entries are ignored; marked
    /// entries are kept once per distinct marker. The result is sorted by name, each
    /// name's conditional pins first and its unconditional pin last.
    public static func collect(_ lowerLocks: [PylockDocument]) -> [LowerLayerPin] {
        var conditional: [String: [LowerLayerPin]] = [:]
        var unconditional: [String: LowerLayerPin] = [:]
        for document in lowerLocks {
            for package in document.packages where !package.isShared {
                let marker = package.marker.map { (try? Marker($0))?.singleQuoted ?? $0 }
                let name = package.name
                if unconditional[name] != nil { continue }
                let pin = LowerLayerPin(name: name, version: package.version, marker: marker)
                if marker == nil {
                    unconditional[name] = pin
                } else if !(conditional[name] ?? []).contains(where: { $0.marker == marker }) {
                    conditional[name, default: []].append(pin)
                }
            }
        }
        let names = Set(conditional.keys).union(unconditional.keys).sorted()
        return names.flatMap { name in (conditional[name] ?? []) + (unconditional[name].map { [$0] } ?? []) }
    }
}
