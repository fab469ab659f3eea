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

    /// The credentials for `registry` (`host[:port]`): `VENVSTACKS_REGISTRY_USERNAME` and
    /// `VENVSTACKS_REGISTRY_PASSWORD` when both are set (for CI), else the `auths` entry of the
    /// Docker config file (`$DOCKER_CONFIG/config.json`, else `~/.docker/config.json`) for the
    /// registry, as `auth` (base64 of `user:password`) or `username` and `password`; nil when
    /// there are none. A config file that cannot be read as JSON is an error naming it.
    public static func find(for registry: String, environment: [String: String]) throws(StackError)
        -> RegistryCredentials?
    {
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
        guard case .object(let auths)? = json["auths"] else { return nil }
        let keys = [registry, "https://\(registry)", "http://\(registry)", "https://\(registry)/v2/"]
        guard let entry = keys.lazy.compactMap({ auths[$0] }).first else { return nil }
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

    var basicHeader: String { "Basic " + Data("\(username):\(password)".utf8).base64EncodedString() }
}
