import Foundation
import Synchronization

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
/// followed. Authentication challenges are answered by ``RegistryClient`` from the headers, so
/// the session declines the ones URLSession raises itself (``ChallengeDecliner``) and the 401
/// comes back as a response.
public struct URLSessionTransport: RegistryTransport {
    let session: URLSession
    let decliner = ChallengeDecliner()

    public init(timeout: TimeInterval = 60) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration, delegate: decliner, delegateQueue: nil)
    }

    public func download(_ request: RegistryRequest, to destination: URL) async throws(StackError)
        -> RegistryResponse
    {
        // The finished download is moved while the task's completion runs (URLSession removes
        // its file afterwards); a failed one's body is read as the answer's body.
        let (outcome, status, headers) = try await exchange(request) {
            (urlRequest, done: @escaping @Sendable (Result<Data, StackError>, URLResponse?, (any Error)?) -> Void) in
            session.downloadTask(with: urlRequest) { file, response, error in
                var outcome: Result<Data, StackError> = .success(Data())
                if let file, error == nil {
                    if (response as? HTTPURLResponse)?.statusCode == 200 {
                        do {
                            try? FileManager.default.removeItem(at: destination)
                            try FileManager.default.moveItem(at: file, to: destination)
                        } catch {
                            outcome = .failure(
                                StackError(
                                    "cannot keep the download of \(request.url.path) in \(destination.path): \(error)"))
                        }
                    } else {
                        outcome = .success((try? Data(contentsOf: file)) ?? Data())
                    }
                }
                done(outcome, response, error)
            }
        }
        return RegistryResponse(status: status, headers: headers, body: try outcome.get())
    }

    public func send(_ request: RegistryRequest) async throws(StackError) -> RegistryResponse {
        var body: Data?
        switch request.body {
        case .none: break
        case .data(let data): body = data
        case .file(let file, let offset, let length):
            body = try StackError.during("cannot read \(file.path) to upload it") {
                let handle = try FileHandle(forReadingFrom: file)
                defer { try? handle.close() }
                try handle.seek(toOffset: UInt64(offset))
                return try handle.read(upToCount: Int(length)) ?? Data()
            }
        }
        let (data, status, headers) = try await exchange(request) { urlRequest, done in
            let finish: @Sendable (Data?, URLResponse?, (any Error)?) -> Void = { data, response, error in
                done(data ?? Data(), response, error)
            }
            if let body {
                return session.uploadTask(with: urlRequest, from: body, completionHandler: finish)
            }
            return session.dataTask(with: urlRequest, completionHandler: finish)
        }
        return RegistryResponse(status: status, headers: headers, body: data)
    }

    /// Runs the task `make` creates for `request` and waits for its completion: its value,
    /// status and headers. A challenge the session declined gives the 401 it answered. Any
    /// failure to get an HTTP response is one error naming the host and the request.
    private func exchange<T: Sendable>(
        _ request: RegistryRequest,
        make: (URLRequest, @escaping @Sendable (T, URLResponse?, (any Error)?) -> Void) -> URLSessionTask
    ) async throws(StackError) -> (T, status: Int, headers: [String: String]) {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        var identifier = -1
        let (value, status, headers, failure) = await withCheckedContinuation {
            (continuation: CheckedContinuation<(T, Int, [String: String], String?), Never>) in
            let task = make(urlRequest) { value, response, error in
                let http = response as? HTTPURLResponse
                continuation.resume(
                    returning: (
                        value, http?.statusCode ?? 0, http.map(Self.headers(of:)) ?? [:], error?.localizedDescription
                    ))
            }
            identifier = task.taskIdentifier
            task.resume()
        }
        let declined = decliner.take(identifier)
        if let declined { return (value, declined.status, declined.headers) }
        if let failure {
            throw StackError(
                "cannot reach \(request.url.host ?? request.url.absoluteString) (\(request.method) \(request.url.path)): "
                    + failure)
        }
        guard status > 0 else {
            throw StackError("\(request.method) \(request.url.absoluteString): not an HTTP response")
        }
        return (value, status, headers)
    }

    static func headers(of response: HTTPURLResponse) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in response.allHeaderFields {
            if let name = name as? String, let value = value as? String { headers[name] = value }
        }
        return headers
    }
}

/// The session delegate of ``URLSessionTransport``: declines every authentication challenge
/// URLSession raises itself, keeping the 401 it came with for the exchange to return.
/// swift-corelibs-foundation turns a 401 with `WWW-Authenticate: Basic` into a challenge and,
/// with no credential to offer, leaves the task waiting for ever; ``RegistryClient`` answers
/// challenges itself, from the headers, so the session never needs to.
final class ChallengeDecliner: NSObject, URLSessionTaskDelegate, Sendable {
    private let declined = Mutex<[Int: (status: Int, headers: [String: String])]>([:])

    func urlSession(
        _ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
        completionHandler: @escaping @Sendable (URLSession.AuthChallengeDisposition, URLCredential?) -> Void
    ) {
        if let http = (challenge.failureResponse ?? task.response) as? HTTPURLResponse {
            let answer = (status: http.statusCode, headers: URLSessionTransport.headers(of: http))
            declined.withLock { $0[task.taskIdentifier] = answer }
        }
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// The answer of the task `identifier` if its challenge was declined (once).
    func take(_ identifier: Int) -> (status: Int, headers: [String: String])? {
        declined.withLock { $0.removeValue(forKey: identifier) }
    }
}
