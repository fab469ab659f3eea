import Foundation

/// What `push` is asked to do (docs/registries.md).
public struct PushRequest: Sendable {
    public var publishedDirectory: URL
    /// The registry and repository to push to, with the stack's tag.
    public var reference: RegistryReference?
    /// Where to write the stack as an OCI image layout.
    public var layoutDirectory: URL?
    /// The stack index's tag in the layout when there is no reference.
    public var tag: String
    /// Plain HTTP to a registry that is not this machine.
    public var insecure: Bool
    /// Layer names or fnmatch patterns: push these and the layers they need (empty: all).
    public var patterns: [String]
    /// Another repository of the same registry to mount blobs from when this machine has no
    /// record of one holding them.
    public var mountFrom: String?

    public init(
        publishedDirectory: URL, reference: RegistryReference? = nil, layoutDirectory: URL? = nil,
        tag: String = StackPush.defaultTag, insecure: Bool = false, patterns: [String] = [], mountFrom: String? = nil
    ) {
        self.patterns = patterns
        self.mountFrom = mountFrom
        self.publishedDirectory = publishedDirectory
        self.reference = reference
        self.layoutDirectory = layoutDirectory
        self.tag = tag
        self.insecure = insecure
    }
}

/// What `push` did.
public struct PushResult: Sendable {
    public var artifacts: StackArtifacts
    public var layout: OCILayoutWriter.Outcome?
    public var registry: RegistryPusher.Outcome?
}

/// Puts a published stack into OCI form (docs/registries.md): into a registry, and/or an OCI
/// image layout folder that standard tools (skopeo, oras) copy to any registry.
public enum StackPush {
    public static let defaultTag = "latest"

    public static func push(
        _ request: PushRequest, transport: any RegistryTransport, environment: [String: String],
        progress: RegistryPusher.Progress? = nil
    ) async throws(StackError) -> PushResult {
        let tag = request.reference?.tag ?? request.tag
        guard StackArtifacts.isValidTag(tag) else {
            throw StackError(
                "'\(tag)' is not a valid tag: use up to 128 letters, digits, '_', '.' and '-', "
                    + "starting with a letter, digit or '_'")
        }
        guard request.reference != nil || request.layoutDirectory != nil else {
            throw StackError("nothing to push to: give a registry reference or an OCI layout folder")
        }
        if let source = request.mountFrom {
            guard request.reference != nil else {
                throw StackError(
                    "--mount-from needs a registry REFERENCE to push to (an OCI layout has no repositories)")
            }
            guard RegistryReference.isValidRepository(source) else {
                throw StackError(
                    "--mount-from '\(source)' is not a repository name: use lower-case letters and digits in "
                        + "'/'-separated components (without the registry host)")
            }
        }
        let stack = try PublishedStack.load(from: request.publishedDirectory, platform: TargetPlatform.host)
        let layers =
            request.patterns.isEmpty ? stack.layers : try stack.closure(of: try stack.matching(request.patterns))
        let artifacts = try StackArtifacts.assemble(
            try PublishedArtifacts.inputs(of: stack, layers: layers), stackTag: tag)
        var result = PushResult(artifacts: artifacts)
        if let layout = request.layoutDirectory {
            result.layout = try OCILayoutWriter().write(artifacts, to: layout)
        }
        if let reference = request.reference {
            let client = RegistryClient(
                reference: reference, transport: transport,
                credentials: try await RegistryCredentials.find(for: reference.registry, environment: environment),
                insecure: request.insecure)
            // Blobs another repository of the registry holds are mounted from it (a record of
            // what this machine saw, else --mount-from), and the record learns what this one holds.
            let cacheRoot = UVRuntimeProvider.defaultCacheRoot(environment: environment)
            let recordURL = RegistryBlobRecord.location(for: reference.registry, cacheRoot: cacheRoot)
            let record = RegistryBlobRecord.load(from: recordURL)
            let fallback = request.mountFrom.flatMap { $0 == reference.repository ? nil : $0 }
            let pusher = RegistryPusher(
                client: client, sessions: UploadSessionFile(registry: reference.registry, cacheRoot: cacheRoot))
            let outcome = try await pusher.push(
                artifacts,
                mountSource: { record.sources(of: $0, excluding: reference.repository).first ?? fallback },
                progress: progress)
            RegistryBlobRecord.update(at: recordURL) {
                $0.remember(Array(outcome.blobs.keys).sorted(), in: reference.repository)
            }
            result.registry = outcome
        }
        return result
    }
}
