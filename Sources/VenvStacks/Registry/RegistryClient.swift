import Foundation
import Synchronization

/// The registry HTTP API (OCI distribution spec) for one repository, with the registry's
/// authentication challenges answered and busy or failing servers retried
/// (docs/registries.md#registry-access).
public final class RegistryClient: Sendable {
    let reference: RegistryReference
    let transport: any RegistryTransport
    let credentials: RegistryCredentials?
    let base: String
    /// The Authorization header that last worked (a bearer token or basic credentials).
    private let authorization = Mutex<String?>(nil)
    /// Waits before the retries of a request answered 429 or 5xx, in seconds.
    let backoff: [Double]

    public init(
        reference: RegistryReference, transport: any RegistryTransport, credentials: RegistryCredentials?,
        insecure: Bool, backoff: [Double] = [0.5, 1, 2, 4]
    ) {
        self.reference = reference
        self.transport = transport
        self.credentials = credentials
        self.backoff = backoff
        let scheme = insecure || reference.isLoopback ? "http" : "https"
        base = "\(scheme)://\(reference.registry)/v2/\(reference.repository)"
    }

    func url(_ path: String) -> URL { URL(string: base + path)! }

    /// Sends `request`, answering a 401 challenge once (basic or bearer) and retrying 429 and
    /// 5xx answers after the backoff waits; returns the last response.
    func send(_ request: RegistryRequest, downloadingTo destination: URL? = nil) async throws(StackError)
        -> RegistryResponse
    {
        var request = request
        var answeredChallenge = false
        var attempt = 0
        while true {
            if let header = authorization.withLock({ $0 }) { request.headers["Authorization"] = header }
            let response =
                if let destination {
                    try await transport.download(request, to: destination)
                } else {
                    try await transport.send(request)
                }
            if response.status == 401, !answeredChallenge,
                let challenge = response.headers["www-authenticate"]
            {
                answeredChallenge = true
                if let header = try await authorize(challenge) {
                    authorization.withLock { $0 = header }
                    continue
                }
                return response
            }
            if response.status == 429 || (500...599).contains(response.status), attempt < backoff.count {
                try? await Task.sleep(for: .milliseconds(Int(backoff[attempt] * 1000)))
                attempt += 1
                continue
            }
            return response
        }
    }

    /// The Authorization header answering a `WWW-Authenticate` challenge, or nil when it
    /// cannot be answered (no credentials for basic auth).
    func authorize(_ challenge: String) async throws(StackError) -> String? {
        let (scheme, parameters) = Self.parseChallenge(challenge)
        switch scheme.lowercased() {
        case "basic":
            return credentials?.basicHeader
        case "bearer":
            guard let realm = parameters["realm"], var components = URLComponents(string: realm) else { return nil }
            var query = components.queryItems ?? []
            if let service = parameters["service"] { query.append(URLQueryItem(name: "service", value: service)) }
            query.append(
                URLQueryItem(
                    name: "scope", value: parameters["scope"] ?? "repository:\(reference.repository):pull,push"))
            components.queryItems = query
            guard let tokenURL = components.url else { return nil }
            var headers: [String: String] = [:]
            if let credentials { headers["Authorization"] = credentials.basicHeader }
            let response = try await transport.send(RegistryRequest(method: "GET", url: tokenURL, headers: headers))
            guard response.status == 200, let json = try? JSONValue.parse(response.body),
                let token = json["token"]?.stringValue ?? json["access_token"]?.stringValue
            else { return nil }
            return "Bearer " + token
        default:
            return nil
        }
    }

    /// `Bearer realm="https://auth/token",service="registry",scope="repository:x:pull"` →
    /// ("Bearer", [realm: …, service: …, scope: …]).
    static func parseChallenge(_ text: String) -> (String, [String: String]) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let space = trimmed.firstIndex(of: " ") else { return (trimmed, [:]) }
        let scheme = String(trimmed[..<space])
        var parameters: [String: String] = [:]
        var rest = trimmed[trimmed.index(after: space)...]
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "," }
            guard let equals = rest.firstIndex(of: "=") else { break }
            let key = rest[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            rest = rest[rest.index(after: equals)...]
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                while let character = rest.first, character != "\"" {
                    if character == "\\", rest.count > 1 {
                        rest = rest.dropFirst()
                    }
                    value.append(rest.first!)
                    rest = rest.dropFirst()
                }
                rest = rest.dropFirst()
            } else {
                value = String(rest.prefix { $0 != "," })
                rest = rest.dropFirst(value.count)
            }
            parameters[key] = value
        }
        return (scheme, parameters)
    }

    /// A readable error for an unexpected answer to `what`.
    func failure(_ what: String, _ response: RegistryResponse) -> StackError {
        let detail = (try? JSONValue.parse(response.body))?["errors"]?[0]?["message"]?.stringValue
        let suffix = detail.map { ": \($0)" } ?? ""
        switch response.status {
        case 401:
            return StackError(
                "\(reference): \(what) was refused (401 Unauthorized\(suffix))",
                hint: credentials == nil
                    ? "log in (docker login \(reference.registry)) or set VENVSTACKS_REGISTRY_USERNAME and VENVSTACKS_REGISTRY_PASSWORD"
                    : "check the credentials from \(credentials!.origin)")
        case 403:
            return StackError(
                "\(reference): \(what) is forbidden (403\(suffix))", hint: "check the account's permissions")
        case 404:
            return StackError("\(reference): \(what): not found (404\(suffix))")
        default:
            return StackError("\(reference): \(what) failed: HTTP \(response.status)\(suffix)")
        }
    }
}
