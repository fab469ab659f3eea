import Foundation

/// Plans a publish run: the archive request of every layer selected for publishing, in
/// the manifest's shape (runtimes, frameworks, applications, each in definition order).
public struct PublishPlanner: Sendable {
    let spec: StackSpec

    public init(spec: StackSpec) {
        self.spec = spec
    }

    /// Output layout and naming.
    public struct Options: Sendable {
        public var buildDirectory: URL
        public var outputDirectory: URL
        public var platform: TargetPlatform
        public var tagged: Bool
        public var archiveExtension: String

        public init(
            buildDirectory: URL, outputDirectory: URL, platform: TargetPlatform, tagged: Bool,
            archiveExtension: String = ".tar.xz"
        ) {
            self.buildDirectory = buildDirectory
            self.outputDirectory = outputDirectory
            self.platform = platform
            self.tagged = tagged
            self.archiveExtension = archiveExtension
        }

        /// `__venvstacks__/env_metadata/<layer>[-<platform>].json`.
        public func snippetURL(for buildName: String) -> URL {
            outputDirectory.appendingPathComponent("__venvstacks__/env_metadata")
                .appendingPathComponent("\(buildName)\(tagged ? "-" + platform.rawValue : "").json")
        }
    }

    /// `{"layers": {"runtimes": [...], "frameworks": [...], "applications": [...]}}` holding
    /// each selected layer's archive build metadata, as a dry run reports it.
    /// `states` are the stack's lock states (``LockStateEvaluator``).
    public func dryRun(plan: OperationPlan, options: Options, states: StackLockState) throws(BuildError) -> JSONValue {
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: options.buildDirectory)
        var layers: [String: JSONValue] = [:]
        for kind in LayerKind.allCases {
            var requests: [JSONValue] = []
            for layer in spec.enabledLayers where layer.kind == kind && plan[layer.buildName]?.publish == true {
                guard let state = states[layer.buildName], state.hasValidLock, let lock = state.stored,
                    let environment = environments[layer.buildName]
                else {
                    let reasons = states[layer.buildName]?.invalidityReasons.joined(separator: "; ") ?? "no lock"
                    throw BuildError(
                        "Layer \(layer.buildName): Environment has not been locked (\(reasons)); run 'venvstacks lock' first"
                    )
                }
                let details = LayerDetails.json(of: environment, lock: lock, moduleHashes: state.moduleHashes)
                let previous = (try? Data(contentsOf: options.snippetURL(for: layer.buildName))).flatMap {
                    try? JSONValue.parse($0)
                }
                let request = ArchiveRequest.plan(
                    details: details, previous: previous,
                    archiveExists: {
                        FileManager.default.fileExists(atPath: options.outputDirectory.appendingPathComponent($0).path)
                    },
                    platform: options.platform, tagged: options.tagged, archiveExtension: options.archiveExtension,
                    force: false)
                requests.append(request.buildMetadata)
            }
            layers[kind.category] = .array(requests)
        }
        return .object(["layers": .object(layers)])
    }
}
