import Foundation

/// A kind of difference a CI job refuses (`venvstacks diff --fail-on KIND`): the command exits 1
/// only when one of the given gates trips, and 0 for any other difference (docs/diffing.md#gates).
public enum DiffGate: Sendable, Equatable, CustomStringConvertible {
    /// How much an archive may grow.
    public enum Limit: Sendable, Equatable {
        case percent(Double)
        case bytes(Int64)
    }

    /// Any difference at all.
    case any
    /// A layer archive grew by more than the limit (`size-growth=10%`, `size-growth=5MB`).
    case sizeGrowth(Limit)
    /// A package moved out of a layer to a lower one.
    case movedToLower
    /// A package moved into a layer from a lower one (the layer no longer shares it).
    case movedToLayer
    /// A package kept its version but its files' bytes differ.
    case sameVersionDifferentBytes
    case packageAdded, packageRemoved, versionChanged
    case layerAdded, layerRemoved

    /// The gate names as typed, for help and messages.
    public static let names = [
        "any", "size-growth=LIMIT", "moved-to-lower", "moved-to-layer", "same-version-different-bytes",
        "package-added", "package-removed", "version-changed", "layer-added", "layer-removed",
    ]

    /// Parses one gate (`moved-to-layer`, `size-growth=10%`, `size-growth=2MB`).
    public init(parsing text: String) throws(StackError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let simple: [String: DiffGate] = [
            "any": .any, "moved-to-lower": .movedToLower, "moved-to-layer": .movedToLayer,
            "same-version-different-bytes": .sameVersionDifferentBytes, "package-added": .packageAdded,
            "package-removed": .packageRemoved, "version-changed": .versionChanged, "layer-added": .layerAdded,
            "layer-removed": .layerRemoved,
        ]
        if let gate = simple[trimmed] {
            self = gate
            return
        }
        let usage = "the kinds are " + Self.names.joined(separator: ", ")
        guard trimmed.hasPrefix("size-growth") else {
            throw StackError("--fail-on: unknown kind '\(MessageExcerpt.escape(trimmed, limit: 60).text)'", hint: usage)
        }
        guard trimmed.hasPrefix("size-growth="), let limit = Self.limit(String(trimmed.dropFirst(12))) else {
            throw StackError(
                "--fail-on: '\(MessageExcerpt.escape(trimmed, limit: 60).text)' needs a limit",
                hint: "write size-growth=10% or size-growth=5MB (units B, kB, MB, GB, KiB, MiB, GiB)")
        }
        self = .sizeGrowth(limit)
    }

    /// `10%`, `2.5%`, `5MB`, `300kB`, `1MiB`, `1000`.
    static func limit(_ text: String) -> Limit? {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value.isFinite else { return nil }
            return .percent(value)
        }
        let units: [(String, Double)] = [
            ("KiB", 1024), ("MiB", 1_048_576), ("GiB", 1_073_741_824), ("kB", 1e3), ("MB", 1e6), ("GB", 1e9), ("B", 1),
        ]
        for (unit, scale) in units where text.hasSuffix(unit) {
            guard let value = Double(text.dropLast(unit.count)), value >= 0, value.isFinite else { return nil }
            return .bytes(Int64(value * scale))
        }
        guard let value = Int64(text), value >= 0 else { return nil }
        return .bytes(value)
    }

    public var description: String {
        switch self {
        case .any: "any"
        case .sizeGrowth(.percent(let value)): "size-growth=\(value.formatted(.number.grouping(.never)))%"
        case .sizeGrowth(.bytes(let value)): "size-growth=\(value)B"
        case .movedToLower: "moved-to-lower"
        case .movedToLayer: "moved-to-layer"
        case .sameVersionDifferentBytes: "same-version-different-bytes"
        case .packageAdded: "package-added"
        case .packageRemoved: "package-removed"
        case .versionChanged: "version-changed"
        case .layerAdded: "layer-added"
        case .layerRemoved: "layer-removed"
        }
    }
}

/// One reason a gate tripped.
public struct GateTrip: Sendable, Equatable {
    /// The gate as typed (``DiffGate/description``), or "damaged" for a damaged archive, which
    /// trips whenever gates are given.
    public var gate: String
    public var layer: String?
    public var detail: String

    public var json: JSONValue {
        .object([
            "gate": .string(gate), "layer": layer.map(JSONValue.string) ?? .null, "detail": .string(detail),
        ])
    }
}

extension StackDiff {
    /// Why each of `gates` trips on this difference (empty: none trips). A damaged archive
    /// trips as "damaged" whenever any gate is given: its contents could not be checked.
    public func trips(_ gates: [DiffGate]) -> [GateTrip] {
        guard !gates.isEmpty else { return [] }
        var result: [GateTrip] = []
        for layer in changedLayers {
            for damage in layer.archive?.damage ?? [] {
                result.append(GateTrip(gate: "damaged", layer: layer.layer, detail: damage))
            }
        }
        for gate in gates {
            result += trips(gate)
        }
        return result
    }

    private func trips(_ gate: DiffGate) -> [GateTrip] {
        let name = gate.description
        let packages: ((PackageChange) -> String?) -> [GateTrip] = { match in
            changedLayers.flatMap { layer in
                layer.packages.compactMap(match).map { GateTrip(gate: name, layer: layer.layer, detail: $0) }
            }
        }
        switch gate {
        case .any:
            return isEmpty ? [] : [GateTrip(gate: name, layer: nil, detail: "the sides differ")]
        case .sizeGrowth(let limit):
            return changedLayers.compactMap { layer in
                guard let size = layer.archiveSize, size.new > size.old else { return nil }
                let growth = Int64(size.new - size.old)
                let tripped: Bool
                switch limit {
                case .percent(let percent):
                    tripped = size.old == 0 || Double(growth) * 100 / Double(size.old) > percent
                case .bytes(let bytes): tripped = growth > bytes
                }
                guard tripped else { return nil }
                let percent =
                    size.old == 0 ? "" : String(format: ", %+.1f%%", Double(growth) * 100 / Double(size.old))
                return GateTrip(
                    gate: name, layer: layer.layer,
                    detail: "the archive grew from \(size.old) to \(size.new) bytes (+\(growth) bytes\(percent))")
            }
        case .movedToLower:
            return packages {
                if case .movedToLower(let package, let version) = $0 {
                    "\(package) \(version) now comes from a lower layer"
                } else {
                    nil
                }
            }
        case .movedToLayer:
            return packages {
                if case .movedToLayer(let package, let version) = $0 {
                    "\(package) \(version) is now installed in this layer instead of coming from a lower one"
                } else {
                    nil
                }
            }
        case .packageAdded:
            return packages {
                if case .added(let package, let version, _) = $0 { "\(package) \(version) was added" } else { nil }
            }
        case .packageRemoved:
            return packages {
                if case .removed(let package, let version, _) = $0 { "\(package) \(version) was removed" } else { nil }
            }
        case .versionChanged:
            return packages {
                if case .versionChanged(let package, let old, let new) = $0 {
                    "\(package) \(old) -> \(new)"
                } else {
                    nil
                }
            }
        case .sameVersionDifferentBytes:
            return changedLayers.flatMap { layer in
                (layer.archive?.sameVersionDifferentBytes ?? []).map { package in
                    GateTrip(
                        gate: name, layer: layer.layer,
                        detail:
                            "\(package.name) \(package.newVersion ?? "?"): \(package.changed.count + package.added.count + package.removed.count) members differ"
                    )
                }
            }
        case .layerAdded:
            return addedLayers.map { GateTrip(gate: name, layer: $0, detail: "only in new") }
        case .layerRemoved:
            return removedLayers.map { GateTrip(gate: name, layer: $0, detail: "only in old") }
        }
    }
}
