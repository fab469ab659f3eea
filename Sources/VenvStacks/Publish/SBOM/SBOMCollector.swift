import Foundation
import PythonPackaging

/// Reads what a layer's SBOM lists from its built environment and its lock
/// (docs/formats.md#layer-sboms): the distributions installed in the layer's own
/// site-packages, each matched to its lock entry and to the locked wheel whose tags its `WHEEL`
/// file names.
enum SBOMCollector {
    static func packages(
        of environment: LayerEnvironment, pylock: URL, platform: TargetPlatform
    ) throws(StackError) -> [LayerSBOM.Package] {
        let name = environment.buildName
        let locked = try lockedWheels(in: pylock, layer: name)
        let markers = platform.markerEnvironment(for: environment.implementation)
        var packages: [LayerSBOM.Package] = []
        for distribution in InstalledDistribution.all(in: environment.sitePackages) {
            let folder = environment.sitePackages.appendingPathComponent(distribution.folder)
            let metadata = CoreMetadata(text: read(folder.appendingPathComponent("METADATA")))
            let tags = WheelTags.installed(wheelFile: read(folder.appendingPathComponent("WHEEL")))
            var package = LayerSBOM.Package(
                name: distribution.name, version: metadata.values("Version").first ?? distribution.version,
                licenses: metadata.licenses,
                requires: metadata.values("Requires-Dist").compactMap { text in
                    guard let requirement = try? Requirement(text) else { return nil }
                    if let marker = requirement.marker, !marker.evaluate(markers) { return nil }
                    return requirement.canonicalName
                })
            let wheels = locked[distribution.name] ?? []
            // The wheel whose tags the installed WHEEL file names; with one wheel, that one.
            if let wheel = wheels.first(where: { !WheelTags.of(fileName: $0.fileName).isDisjoint(with: tags) })
                ?? (wheels.count == 1 ? wheels.first : nil)
            {
                package.hashes = wheel.hashes
                package.wheelURL = wheel.url
            }
            packages.append(package)
        }
        return packages
    }

    struct LockedWheel {
        var fileName: String
        var url: String?
        var hashes: [String: String]
    }

    /// The wheels of each package in a pylock file, by normalised package name.
    static func lockedWheels(in pylock: URL, layer: String) throws(StackError) -> [String: [LockedWheel]] {
        let text = read(pylock)
        let root: TOMLNode
        do {
            root = try TOMLDocument.parse(text)
        } catch {
            throw StackError(
                layer: layer, "cannot read \(pylock.path) for the SBOM: invalid TOML at line \(error.line)",
                hint: "lock the layer again")
        }
        var result: [String: [LockedWheel]] = [:]
        guard case .array(let packages)? = root["packages"] else { return result }
        for package in packages {
            guard let name = package["name"]?.stringValue.map(canonicalizeName),
                case .array(let wheels)? = package["wheels"]
            else { continue }
            result[name, default: []] += wheels.map { wheel in
                LockedWheel(
                    fileName: PylockReader.wheelFileName(wheel), url: wheel["url"]?.stringValue,
                    hashes: Dictionary(
                        (wheel["hashes"]?.entries ?? []).compactMap { entry in
                            entry.value.stringValue.map { (entry.key, $0) }
                        }, uniquingKeysWith: { first, _ in first }))
            }
        }
        return result
    }

    private static func read(_ url: URL) -> String {
        (try? FileSystem.readRegularFile(at: url, maxBytes: FileSystem.metadataLimit)).map {
            String(decoding: $0, as: UTF8.self)
        } ?? ""
    }
}
