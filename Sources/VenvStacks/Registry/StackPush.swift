import Foundation

/// What `push` is asked to do (docs/registries.md).
public struct PushRequest: Sendable {
    public var publishedDirectory: URL
    /// Where to write the stack as an OCI image layout.
    public var layoutDirectory: URL
    /// The stack index's tag.
    public var tag: String

    public init(publishedDirectory: URL, layoutDirectory: URL, tag: String) {
        self.publishedDirectory = publishedDirectory
        self.layoutDirectory = layoutDirectory
        self.tag = tag
    }
}

/// What `push` did.
public struct PushResult: Sendable {
    public var artifacts: StackArtifacts
    public var layout: OCILayoutWriter.Outcome
}

/// Puts a published stack into OCI form (docs/registries.md): today, an OCI image layout
/// folder that standard tools (skopeo, oras) copy to any registry.
public enum StackPush {
    public static let defaultTag = "latest"

    public static func push(_ request: PushRequest) throws(StackError) -> PushResult {
        guard StackArtifacts.isValidTag(request.tag) else {
            throw StackError(
                "'\(request.tag)' is not a valid tag: use up to 128 letters, digits, '_', '.' and '-', "
                    + "starting with a letter, digit or '_'")
        }
        let stack = try PublishedStack.load(from: request.publishedDirectory, platform: TargetPlatform.host)
        let artifacts = try StackArtifacts.assemble(
            try PublishedArtifacts.inputs(of: stack), stackTag: request.tag)
        let layout = try OCILayoutWriter().write(artifacts, to: request.layoutDirectory)
        return PushResult(artifacts: artifacts, layout: layout)
    }
}
