import Foundation
import PythonPackaging

/// What the post-processing of one layer's lock needs to know about the layer.
public struct PylockLayerContext: Sendable {
    public var buildName: String
    /// Target platforms in the layer's order.
    public var platforms: [TargetPlatform]
    /// The runtime's Python (for marker evaluation).
    public var implementation: PythonImplementation
    public var wheels: WheelAvailability
    /// Pins of the layers below (empty for runtimes).
    public var lowerPins: [LowerLayerPin]
    /// The folder the final pylock file is written to (local wheel paths become relative to it).
    public var pylockDirectory: URL
    /// The folder relative wheel paths in uv's output are relative to.
    public var exportDirectory: URL

    public init(
        buildName: String, platforms: [TargetPlatform], implementation: PythonImplementation,
        wheels: WheelAvailability, lowerPins: [LowerLayerPin], pylockDirectory: URL, exportDirectory: URL
    ) {
        self.buildName = buildName
        self.platforms = platforms
        self.implementation = implementation
        self.wheels = wheels
        self.lowerPins = lowerPins
        self.pylockDirectory = pylockDirectory
        self.exportDirectory = exportDirectory
    }
}

/// The result of post-processing: the document to write plus what was changed.
public struct PostProcessedPylock: Sendable {
    public var document: PylockDocument
    /// `name==version` of packages dropped because no target platform needs them.
    public var dropped: [String]
    /// Names of packages provided by lower layers.
    public var shared: [String]
}

/// Turns uv's exported `pylock.toml` into the lock venvstacks commits (docs/formats.md#pylock-post-processing).
public enum PylockPostProcessor {
    /// Keys describing how to build a package from source; venvstacks installs wheels only.
    static let sourceKeys: Set<String> = ["archive", "directory", "sdist", "vcs"]

    public static func process(
        _ exported: PylockDocument, context: PylockLayerContext
    ) throws(StackError) -> PostProcessedPylock {
        let environments = context.platforms.map { ($0, $0.markerEnvironment(for: context.implementation)) }
        let constraintTexts = Set(context.lowerPins.map(\.constraint))
        var kept: [PylockEntry] = []
        var dropped: [String] = []
        var shared: [String] = []
        var missing: [(package: String, platforms: [TargetPlatform])] = []

        for original in exported.packages.reversed() {
            var package = original
            let label = "\(package.name)==\(package.version)"
            var matching = context.platforms
            if let text = package.marker {
                let marker: Marker
                do {
                    marker = try Marker(text)
                } catch {
                    throw StackError(
                        layer: context.buildName, "uv exported an unreadable marker for \(label): \(text)", cause: error
                    )
                }
                matching = environments.filter { marker.evaluate($0.1) }.map(\.0)
                if matching.isEmpty {
                    dropped.append(label)
                    continue
                }
                package.marker = matching.count == context.platforms.count ? nil : marker.singleQuoted
            }
            for key in sourceKeys { package[key] = nil }
            if !context.lowerPins.isEmpty && isShared(package, matching: matching, context: context, constraintTexts) {
                package.marker =
                    package.marker.map { "(\($0)) and \(sharedMarkerClause)" } ?? sharedMarkerClause
                package["index"] = nil
                package["wheels"] = nil
                shared.append(package.name)
                kept.append(package)
                continue
            }
            var wheels: [[TOMLEntry]] = []
            var names: [String] = []
            for wheel in package.wheels {
                var entry = PylockEntry(fields: wheel)
                relativizeLocalPath(&entry, context: context)
                names.append(PylockReader.wheelFileName(.table(entry.fields)))
                wheels.append(entry.fields)
            }
            package.wheels = wheels
            let uncovered = matching.filter { platform in !names.contains { context.wheels.fits($0, on: platform) } }
            if !uncovered.isEmpty { missing.append((package.name, uncovered)) }
            kept.append(package)
        }
        if !missing.isEmpty { throw missingWheelsError(missing, context: context) }
        return PostProcessedPylock(
            document: PylockDocument(topLevel: exported.topLevel, packages: kept.reversed()),
            dropped: dropped.reversed(), shared: shared.reversed())
    }

    /// A package is shared when a lower layer already provides it on every platform it is
    /// needed on: the same pin (with or without marker) is a lower constraint, a lower
    /// layer pins the name unconditionally, or lower markers for the name cover every
    /// matching platform.
    static func isShared(
        _ package: PylockEntry, matching: [TargetPlatform], context: PylockLayerContext,
        _ constraintTexts: Set<String>
    ) -> Bool {
        let plain = "\(package.name)==\(package.version)"
        if constraintTexts.contains(plain + (package.marker.map { " ; \($0)" } ?? "")) { return true }
        if constraintTexts.contains(plain) { return true }
        let name = canonicalizeName(package.name)
        let lower = context.lowerPins.filter { canonicalizeName($0.name) == name }
        if lower.contains(where: { $0.marker == nil }) { return true }
        let markers = lower.compactMap { pin in pin.marker.flatMap { try? Marker($0) } }
        guard !markers.isEmpty else { return false }
        return matching.allSatisfy { platform in
            let environment = platform.markerEnvironment(for: context.implementation)
            return markers.contains { $0.evaluate(environment) }
        }
    }

    /// Rewrites an absolute local wheel location (`path`, or a `file:` URL) relative to the
    /// pylock folder, always with `/`.
    static func relativizeLocalPath(_ wheel: inout PylockEntry, context: PylockLayerContext) {
        var local: URL?
        if let path = wheel["path"]?.stringValue {
            local =
                path.hasPrefix("/")
                ? URL(fileURLWithPath: path) : URL(fileURLWithPath: path, relativeTo: context.exportDirectory)
        } else if let url = wheel["url"]?.stringValue.flatMap(URL.init(string:)), url.isFileURL {
            local = URL(fileURLWithPath: url.path)
        }
        guard let local else { return }
        wheel["url"] = nil
        wheel["path"] = .string(PathMath.relative(from: context.pylockDirectory.path, to: local.path))
    }

    static func missingWheelsError(
        _ missing: [(package: String, platforms: [TargetPlatform])], context: PylockLayerContext
    ) -> StackError {
        var lines = ["Some packages did not have wheels for all target platforms:", ""]
        for entry in missing {
            lines.append(
                "  \(entry.package): no wheels available for \(pythonList(entry.platforms.sorted().map(\.rawValue)))")
        }
        lines.append("")
        let unavailable = Set(missing.flatMap(\.platforms))
        let remaining = context.platforms.filter { !unavailable.contains($0) }.sorted()
        lines.append(
            remaining.isEmpty
                ? "There are no platforms with wheels available for all packages."
                : "Set platforms to \(pythonList(remaining.map(\.rawValue))) to limit to available wheels.")
        return StackError(layer: context.buildName, lines.joined(separator: "\n"))
    }
}
