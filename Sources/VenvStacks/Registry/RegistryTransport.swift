import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// One HTTP exchange with a registry.
public struct RegistryRequest: Sendable {
    public enum Body: Sendable {
        case none
        case data(Data)
        /// `length` bytes of a file from `offset`.
        case file(URL, offset: Int64, length: Int64)
    }

    public var method: String
    public var url: URL
    public var headers: [String: String]
    public var body: Body

    public init(method: String, url: URL, headers: [String: String] = [:], body: Body = .none) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

public struct RegistryResponse: Sendable {
    public var status: Int
    /// Header names in lower case.
    public var headers: [String: String]
    public var body: Data

    public init(status: Int, headers: [String: String] = [:], body: Data = Data()) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a })
        self.body = body
    }
}

/// Sends registry requests (docs/registries.md#registry-access): the platform's HTTP client in
/// the tool, fakes in fast tests.
public protocol RegistryTransport: Sendable {
    /// The response, whatever its status; throws only when no response came (the host is
    /// unreachable, the connection broke, the request timed out).
    func send(_ request: RegistryRequest) async throws(StackError) -> RegistryResponse

    /// As ``send(_:)``, but a 200 answer's body goes to the file `destination` (replaced),
    /// never all into memory; the response's own body is then empty.
    func download(_ request: RegistryRequest, to destination: URL) async throws(StackError) -> RegistryResponse
}

/// ``RegistryTransport`` on URLSession (FoundationNetworking on Linux): the platform's client,
/// with its TLS and proxy support; redirects (registries send blob downloads to storage) are
/// followed.
public struct URLSessionTransport: RegistryTransport {
    let session: URLSession

    public init(timeout: TimeInterval = 60) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.urlCache = nil
        session = URLSession(configuration: configuration)
    }

    public func download(_ request: RegistryRequest, to destination: URL) async throws(StackError)
        -> RegistryResponse
    {
        let (file, http) = try await exchange(request) { try await session.download(for: $0) }
        guard http.statusCode == 200 else {
            let body = (try? Data(contentsOf: file)) ?? Data()
            try? FileManager.default.removeItem(at: file)
            return RegistryResponse(status: http.statusCode, headers: Self.headers(of: http), body: body)
        }
        try StackError.during("cannot keep the download of \(request.url.path) in \(destination.path)") {
            try? FileManager.default.removeItem(at: destination)
            try FileManager.default.moveItem(at: file, to: destination)
        }
        return RegistryResponse(status: 200, headers: Self.headers(of: http))
    }

    public func send(_ request: RegistryRequest) async throws(StackError) -> RegistryResponse {
        let (data, http) = try await exchange(request) { urlRequest in
            switch request.body {
            case .none:
                return try await session.data(for: urlRequest)
            case .data(let body):
                return try await session.upload(for: urlRequest, from: body)
            case .file(let file, let offset, let length):
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                let body = try handle.read(upToCount: Int(length)) ?? Data()
                return try await session.upload(for: urlRequest, from: body)
            }
        }
        return RegistryResponse(status: http.statusCode, headers: Self.headers(of: http), body: data)
    }

    /// Runs `perform` on the URLRequest for `request`; any failure to get an HTTP response is
    /// one error naming the host and the request.
    private func exchange<T>(
        _ request: RegistryRequest, perform: (URLRequest) async throws -> (T, URLResponse)
    ) async throws(StackError) -> (T, HTTPURLResponse) {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let result: (T, URLResponse)
        do {
            result = try await perform(urlRequest)
        } catch {
            throw StackError(
                "cannot reach \(request.url.host ?? request.url.absoluteString) (\(request.method) \(request.url.path)): "
                    + error.localizedDescription)
        }
        guard let http = result.1 as? HTTPURLResponse else {
            throw StackError("\(request.method) \(request.url.absoluteString): not an HTTP response")
        }
        return (result.0, http)
    }

    static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return headers
    }
}
