import Foundation

/// A user name and password (or token) for one registry (docs/registries.md#registry-access).
public struct RegistryCredentials: Sendable, Equatable {
    public var username: String
    public var password: String
    /// Where they came from, for messages ("VENVSTACKS_REGISTRY_USERNAME", "/root/.docker/config.json").
    public var origin: String

    public init(username: String, password: String, origin: String) {
        self.username = username
        self.password = password
        self.origin = origin
    }

    /// The credentials for `registry` (`host[:port]`), in this order:
    /// `VENVSTACKS_REGISTRY_USERNAME` and `VENVSTACKS_REGISTRY_PASSWORD` when both are set (for
    /// CI); else, from the Docker config file (`$DOCKER_CONFIG/config.json`, else
    /// `~/.docker/config.json`), the registry's credential helper (`credHelpers`), its `auths`
    /// entry (`auth`, base64 of `user:password`, or `username` and `password`), then the
    /// default helper (`credsStore`). A helper `NAME` is the program `docker-credential-NAME`,
    /// run as `docker-credential-NAME get` with the registry on its standard input. Nil when
    /// there are none. A config file that cannot be read as JSON, or a helper that cannot be
    /// run or fails, is an error naming it.
    public static func find(
        for registry: String, environment: [String: String], runner: any ToolRunner = ProcessToolRunner()
    ) async throws(StackError) -> RegistryCredentials? {
        if let user = environment["VENVSTACKS_REGISTRY_USERNAME"], !user.isEmpty,
            let password = environment["VENVSTACKS_REGISTRY_PASSWORD"]
        {
            return RegistryCredentials(username: user, password: password, origin: "VENVSTACKS_REGISTRY_USERNAME")
        }
        let folder =
            environment["DOCKER_CONFIG"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: environment["HOME"] ?? NSHomeDirectory()).appendingPathComponent(".docker")
        let file = folder.appendingPathComponent("config.json")
        guard let data = try? FileSystem.readRegularFileIfPresent(at: file, maxBytes: FileSystem.metadataLimit) else {
            return nil
        }
        guard let json = try? JSONValue.parse(data) else {
            throw StackError(
                "cannot read the Docker config \(file.path): it is not valid JSON",
                hint: "fix or remove it, or set VENVSTACKS_REGISTRY_USERNAME and VENVSTACKS_REGISTRY_PASSWORD")
        }
        let keys = [registry, "https://\(registry)", "http://\(registry)", "https://\(registry)/v2/"]
        func entry(_ member: String) -> JSONValue? {
            guard case .object(let table)? = json[member] else { return nil }
            return keys.lazy.compactMap { table[$0] }.first
        }
        if let helper = entry("credHelpers")?.stringValue, !helper.isEmpty {
            return try await ask(helper, for: registry, config: file, runner: runner)
        }
        if let inline = try inlineCredentials(entry("auths"), for: registry, config: file) { return inline }
        if let helper = json["credsStore"]?.stringValue, !helper.isEmpty {
            return try await ask(helper, for: registry, config: file, runner: runner)
        }
        return nil
    }

    /// The credentials written into an `auths` entry, if it has any.
    static func inlineCredentials(_ entry: JSONValue?, for registry: String, config file: URL) throws(StackError)
        -> RegistryCredentials?
    {
        guard let entry else { return nil }
        if let encoded = entry["auth"]?.stringValue, !encoded.isEmpty {
            guard let decoded = Data(base64Encoded: encoded).map({ String(decoding: $0, as: UTF8.self) }),
                let colon = decoded.firstIndex(of: ":")
            else {
                throw StackError(
                    "the Docker config \(file.path) has an 'auth' for \(registry) that is not base64 of user:password")
            }
            return RegistryCredentials(
                username: String(decoded[..<colon]), password: String(decoded[decoded.index(after: colon)...]),
                origin: file.path)
        }
        if let user = entry["username"]?.stringValue, let password = entry["password"]?.stringValue {
            return RegistryCredentials(username: user, password: password, origin: file.path)
        }
        return nil
    }

    /// Asks the credential helper `name` for `registry`'s credentials: nil when it has none
    /// (it says "credentials not found"), an error when it cannot be run or fails otherwise.
    static func ask(_ name: String, for registry: String, config file: URL, runner: any ToolRunner)
        async throws(StackError) -> RegistryCredentials?
    {
        let program = "docker-credential-\(name)"
        var invocation = ToolInvocation(program, ["get"])
        invocation.standardInput = Data(registry.utf8)
        let hint =
            "fix the helper or the Docker config, or set VENVSTACKS_REGISTRY_USERNAME and VENVSTACKS_REGISTRY_PASSWORD"
        let result: ToolResult
        do {
            result = try await runner.run(invocation)
        } catch {
            throw StackError(
                "the Docker config \(file.path) names the credential helper \(program), which cannot be run: \(error.reason)",
                hint: hint)
        }
        let said = (result.stdoutText + result.stderrText).trimmingCharacters(in: .whitespacesAndNewlines)
        guard result.status == 0 else {
            if said.lowercased().contains("credentials not found") { return nil }
            throw StackError(
                "the credential helper \(program) (named in \(file.path)) failed for \(registry) with exit status "
                    + "\(result.status): \(MessageExcerpt.quote(said))", hint: hint)
        }
        guard let json = try? JSONValue.parse(result.standardOutput), let user = json["Username"]?.stringValue,
            let secret = json["Secret"]?.stringValue
        else {
            throw StackError(
                "the credential helper \(program) (named in \(file.path)) answered for \(registry) without a "
                    + "Username and Secret in JSON", hint: hint)
        }
        return RegistryCredentials(username: user, password: secret, origin: "\(program) (named in \(file.path))")
    }

    var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }
}
