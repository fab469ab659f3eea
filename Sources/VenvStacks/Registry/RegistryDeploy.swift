import Foundation

/// `deploy REFERENCE TARGET LAYER…` (docs/registries.md#deploying-from-a-registry): the layers
/// are pulled (``RegistryPuller``) into a published folder in the download cache, deployed from
/// it exactly as from a folder `publish` wrote, and the folder is removed; the downloaded
/// archives stay in the cache.
public enum RegistryDeploy {
    /// What a deploy from a registry did.
    public struct Result: Sendable {
        public var deploy: DeployResult
        public var pull: RegistryPuller.Outcome
    }

    public static func deploy(
        _ request: DeployRequest, from reference: RegistryReference, insecure: Bool,
        transport: any RegistryTransport, environment: [String: String], tools: Toolbox = Toolbox(),
        observer: (any DeployObserver)? = nil
    ) async throws -> Result {
        let cacheRoot = UVRuntimeProvider.defaultCacheRoot(environment: environment)
        let client = RegistryClient(
            reference: reference, transport: transport,
            credentials: try await RegistryCredentials.find(for: reference.registry, environment: environment),
            insecure: insecure)
        let staging = cacheRoot.appendingPathComponent("pulls/\(UUID().uuidString.lowercased())")
        defer { try? FileManager.default.removeItem(at: staging) }
        let pull = try await RegistryPuller(client: client, cacheRoot: cacheRoot, platform: request.platform?.rawValue)
            .pull(
                patterns: request.patterns, into: staging, deployedIn: request.targetDirectory)
        // The repository holds these archives: a later push to another repository of the
        // registry may mount them from it.
        RegistryBlobRecord.update(
            at: RegistryBlobRecord.location(for: reference.registry, cacheRoot: cacheRoot)
        ) { $0.remember(pull.archiveDigests, in: reference.repository) }
        var local = request
        local.publishedDirectory = pull.publishedDirectory
        local.platform = nil
        let result = try await StackWorkspace.deploy(local, tools: tools, observer: observer)
        return Result(deploy: result, pull: pull)
    }

    /// Whether a deploy's first argument names a registry rather than a folder: it is not an
    /// existing path and parses as a reference.
    public static func reference(in argument: String) -> RegistryReference? {
        guard !FileManager.default.fileExists(atPath: argument) else { return nil }
        return try? RegistryReference(parsing: argument)
    }
}
