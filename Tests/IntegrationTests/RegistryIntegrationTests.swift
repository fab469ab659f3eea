import Foundation
import Testing
import VenvStacks
import VenvStacksTestSupport

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A published stack as an OCI image layout (docs/registries.md), checked with real tools:
/// skopeo reads the layout and copies it into a real registry (Debian's docker-registry, the
/// CNCF distribution registry, on a free loopback port), which then serves the layer
/// manifests and archives under the digests the layout gave them.
@Suite(.enabled(if: IntegrationGroups.slow, "set VENVSTACKS_SLOW_TESTS=1"), .serialized)
struct RegistryIntegrationTests: SlowCLISupport {
    @Test func aPushedLayoutCopiesIntoARealRegistryWithItsDigests() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let published = root.appendingPathComponent("published")
        let layout = root.appendingPathComponent("layout")
        for arguments in [
            ["build", "--include", "framework-http-client", "--build-dependencies", spec.path],
            [
                "publish", "--include", "framework-http-client", "--publish-dependencies", "--output-dir",
                published.path, spec.path,
            ],
            ["push", published.path, "--oci-layout", layout.path, "--tag", "t1"],
        ] {
            let result = try venvstacks(arguments)
            try #require(result.status == 0, "venvstacks \(arguments.joined(separator: " ")): \(result.stderrText)")
        }
        let again = try venvstacks(["push", published.path, "--oci-layout", layout.path, "--tag", "t1"])
        #expect(again.status == 0 && again.stdoutText.contains("0 blobs written (0 bytes)"), "\(again.stdoutText)")

        // skopeo reads the layer manifest by its tag.
        let inspect = try TestProcess.run(
            ToolInvocation("skopeo", ["inspect", "--raw", "oci:\(layout.path):framework-http-client"]))
        try #require(inspect.status == 0, "\(inspect.stderrText)")
        let manifest = try JSONValue.parse(inspect.standardOutput)
        #expect(manifest["config"]?["mediaType"] == .string(OCINames.layerConfig))
        let snippet = try JSONValue.parse(
            Data(contentsOf: published.appendingPathComponent("__venvstacks__/env_metadata/framework-http-client.json"))
        )
        let archiveDigest = try #require(snippet["archive_hashes"]?["sha256"]?.stringValue)
        let archiveSize = try #require(snippet["archive_size"]?.intValue)
        #expect(manifest["layers"]?[0]?["digest"] == .string("sha256:" + archiveDigest))

        // The SBOM is a referrer of the layer manifest (found, as oras discover finds it, in index.json).
        let layoutIndex = try JSONValue.parse(Data(contentsOf: layout.appendingPathComponent("index.json")))
        let manifestDigest = "sha256:" + ContentHash.sha256Hex(inspect.standardOutput)
        guard case .array(let entries)? = layoutIndex["manifests"] else {
            Issue.record("no manifests in the layout's index.json")
            return
        }
        let referrers = try entries.filter { $0["artifactType"] == .string(OCINames.cycloneDX) }.map { entry in
            try JSONValue.parse(
                Data(
                    contentsOf: layout.appendingPathComponent(
                        "blobs/sha256/" + (entry["digest"]?.stringValue ?? "").dropFirst(7))))
        }
        #expect(referrers.count == 2)
        #expect(referrers.contains { $0["subject"]?["digest"] == .string(manifestDigest) })

        // skopeo copies the stack into a real registry; the registry serves the same digests.
        let registry = try LocalRegistry.start(in: root.appendingPathComponent("registry"))
        defer { registry.stop() }
        let copy = try TestProcess.run(
            ToolInvocation(
                "skopeo",
                [
                    "copy", "--all", "--dest-tls-verify=false", "oci:\(layout.path):t1",
                    "docker://\(registry.host)/stacks/sample:t1",
                ]))
        try #require(copy.status == 0, "skopeo copy: \(copy.stderrText)")
        let (indexData, indexStatus) = try await registry.get(
            "/v2/stacks/sample/manifests/t1", accept: OCINames.imageIndex)
        #expect(indexStatus == 200)
        let index = try JSONValue.parse(indexData)
        guard case .array(let listed)? = index["manifests"] else {
            Issue.record("no manifests in the registry's index: \(String(decoding: indexData, as: UTF8.self))")
            return
        }
        #expect(
            Set(listed.compactMap { $0["annotations"]?[OCINames.installTarget]?.stringValue }) == [
                "cpython-3.11", "framework-http-client",
            ])
        #expect(listed.contains { $0["digest"] == .string(manifestDigest) })
        let (served, manifestStatus) = try await registry.get(
            "/v2/stacks/sample/manifests/\(manifestDigest)", accept: OCINames.imageManifest)
        #expect(manifestStatus == 200 && served == inspect.standardOutput)
        let (blob, blobStatus) = try await registry.get(
            "/v2/stacks/sample/blobs/sha256:\(archiveDigest)", accept: "*/*")
        #expect(blobStatus == 200 && blob.count == archiveSize && ContentHash.sha256Hex(blob) == archiveDigest)

        // venvstacks pushes straight to the registry: everything the first time, nothing the second.
        // Pushes and deploys use a cache of the test's (the record of which repository holds what).
        let cache = root.appendingPathComponent("download-cache")
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        func cli(_ arguments: [String]) throws -> ToolResult {
            try TestProcess.run(ToolInvocation(binary, arguments, environment: ["VENVSTACKS_CACHE_DIR": cache.path]))
        }
        func deploy(_ arguments: [String]) throws -> ToolResult { try cli(["deploy"] + arguments) }
        let target = "\(registry.host)/direct/sample:t2"
        let first = try cli(["push", "--json", published.path, target])
        try #require(first.status == 0, "\(first.stderrText)")
        let pushed = try JSONValue.parse(first.standardOutput)
        let uploaded = try #require(pushed["registry"]?["bytes_uploaded"]?.intValue)
        #expect(uploaded > archiveSize && pushed["registry"]?["blobs_present"] == .int(0), "\(first.stdoutText)")
        let second = try cli(["push", "--json", published.path, target])
        let repeated = try JSONValue.parse(second.standardOutput)
        #expect(
            repeated["registry"]?["blobs_uploaded"] == .int(0) && repeated["registry"]?["bytes_uploaded"] == .int(0))
        #expect(repeated["registry"]?["bytes_present"] == .int(uploaded))
        // A second stack in the same repository sharing the runtime (--include selects it alone):
        // the runtime's blobs are not uploaded again.
        let shared = try cli([
            "push", "--json", "--include", "cpython-3.11", published.path,
            "\(registry.host)/direct/sample:runtime-only",
        ])
        let sharedReport = try JSONValue.parse(shared.standardOutput)
        #expect(sharedReport["registry"]?["bytes_uploaded"] == .int(0), "\(shared.stdoutText)\(shared.stderrText)")
        #expect(
            sharedReport["layers"]?[1] == nil
                && sharedReport["layers"]?[0]?["install_target"] == .string("cpython-3.11")
                && sharedReport["layers"]?[0]?["archive_pushed"] == .string("present"))
        // Another repository of the registry: every blob is mounted from the one this machine
        // pushed to (a cross-repository mount), none uploaded.
        let mounted = try cli(["push", "--json", published.path, "\(registry.host)/direct/other:t3"])
        let mountedReport = try JSONValue.parse(mounted.standardOutput)
        #expect(
            mountedReport["registry"]?["bytes_uploaded"] == .int(0)
                && mountedReport["registry"]?["bytes_mounted"] == .int(uploaded)
                && mountedReport["layers"]?[1]?["archive_mounted_from"] == .string("direct/sample"),
            "\(mounted.stdoutText)\(mounted.stderrText)")
        let (mountedBlob, mountedStatus) = try await registry.get(
            "/v2/direct/other/blobs/sha256:\(archiveDigest)", accept: "*/*")
        #expect(mountedStatus == 200 && ContentHash.sha256Hex(mountedBlob) == archiveDigest)
        // Without a record (a fresh cache), --mount-from names the repository to mount from.
        let named = try TestProcess.run(
            ToolInvocation(
                binary,
                [
                    "push", "--json", "--mount-from", "direct/sample", published.path,
                    "\(registry.host)/direct/third:t4",
                ], environment: ["VENVSTACKS_CACHE_DIR": root.appendingPathComponent("fresh-cache").path]))
        let namedReport = try JSONValue.parse(named.standardOutput)
        #expect(
            namedReport["registry"]?["bytes_uploaded"] == .int(0)
                && namedReport["registry"]?["bytes_mounted"] == .int(uploaded),
            "\(named.stdoutText)\(named.stderrText)")
        // The registry holds the stack index byte for byte as the layout has it, tagged with its
        // platform; the stack's tag names the platform list.
        let (pushedIndex, _) = try await registry.get(
            "/v2/direct/sample/manifests/t2-linux_x86_64", accept: OCINames.imageIndex)
        let indexDigest = pushed["index"]?["digest"]?.stringValue ?? ""
        #expect("sha256:" + ContentHash.sha256Hex(pushedIndex) == indexDigest)
        #expect(pushed["index"]?["tag"] == .string("t2-linux_x86_64"))
        let (listData, _) = try await registry.get("/v2/direct/sample/manifests/t2", accept: OCINames.imageIndex)
        let list = try JSONValue.parse(listData)
        #expect(list["manifests"]?[0]?["digest"] == .string(indexDigest) && list["manifests"]?[1] == nil)
        #expect("sha256:" + ContentHash.sha256Hex(listData) == pushed["platform_list"]?["digest"]?.stringValue)
        // The same stack as if published for macOS, pushed by another runner to the same tag:
        // the platform list names both, and a deploy here still takes the Linux stack (below).
        let macOS = root.appendingPathComponent("published-macos")
        try FileManager.default.copyItem(at: published, to: macOS)
        for case let path as String in FileManager.default.enumerator(
            atPath: macOS.appendingPathComponent("__venvstacks__").path)
            ?? .init() where path.hasSuffix(".json")
        {
            let file = macOS.appendingPathComponent("__venvstacks__").appendingPathComponent(path)
            let text = try String(contentsOf: file, encoding: .utf8)
            try Data(text.replacingOccurrences(of: "\"linux_x86_64\"", with: "\"macosx_arm64\"").utf8).write(to: file)
        }
        let otherPlatform = try cli(["push", "--json", macOS.path, target])
        let otherReport = try JSONValue.parse(otherPlatform.standardOutput)
        #expect(
            otherReport["index"]?["tag"] == .string("t2-macosx_arm64"),
            "\(otherPlatform.stdoutText)\(otherPlatform.stderrText)")
        let (bothData, _) = try await registry.get("/v2/direct/sample/manifests/t2", accept: OCINames.imageIndex)
        let both = try JSONValue.parse(bothData)
        #expect(both["manifests"]?[0]?["digest"] == .string(indexDigest))
        #expect(both["manifests"]?[1]?["annotations"]?[OCINames.targetPlatform] == .string("macosx_arm64"))
        #expect(both["manifests"]?[1]?["platform"]?["os"] == .string("darwin"))
        // The SBOM referrers are listed under the referrers tag of their layer.
        let (referrersIndex, referrersStatus) = try await registry.get(
            "/v2/direct/sample/manifests/" + manifestDigest.replacingOccurrences(of: ":", with: "-"),
            accept: OCINames.imageIndex)
        #expect(referrersStatus == 200)
        #expect(
            (try? JSONValue.parse(referrersIndex))?["manifests"]?[0]?["artifactType"] == .string(OCINames.cycloneDX))

        // Deploy from the registry into a fresh folder (downloads into a download cache of the
        // test's), run the deployed layer's Python; again into another folder: nothing downloaded.
        let deployed = root.appendingPathComponent("deployed")
        let fromRegistry = try deploy([target, deployed.path, "framework-http-client"])
        try #require(fromRegistry.status == 0, "\(fromRegistry.stderrText)")
        #expect(fromRegistry.stdoutText.contains("2 archives downloaded"), "\(fromRegistry.stdoutText)")
        let run = try TestProcess.run(
            ToolInvocation(
                deployed.appendingPathComponent("framework-http-client/bin/python").path,
                ["-c", "import httpx; print('httpx', httpx.__version__)"]))
        #expect(run.status == 0 && run.stdoutText.hasPrefix("httpx "), "\(run.stderrText)")
        let cached = try deploy([target, root.appendingPathComponent("deployed-again").path, "framework-http-client"])
        #expect(
            cached.status == 0
                && cached.stdoutText.contains("0 archives downloaded (0 bytes), 2 from the download cache"))
        // Into the folder that has them, deployed from the same archives: nothing is downloaded,
        // even with the download cache gone.
        try FileManager.default.removeItem(at: cache.appendingPathComponent("blobs"))
        let redeploy = try deploy([target, deployed.path, "framework-http-client"])
        #expect(
            redeploy.status == 0
                && redeploy.stdoutText.contains(
                    "0 archives downloaded (0 bytes), 0 from the download cache, 2 already deployed"),
            "\(redeploy.stdoutText)\(redeploy.stderrText)")
        #expect(
            !FileManager.default.fileExists(atPath: cache.appendingPathComponent("blobs/sha256/\(archiveDigest)").path))
        // The copy skopeo made (its index re-encoded) deploys too.
        let fromCopy = try deploy(
            [
                "\(registry.host)/stacks/sample:t1", root.appendingPathComponent("deployed-copy").path,
                "framework-http-client",
            ])
        #expect(fromCopy.status == 0, "\(fromCopy.stderrText)")
        // A missing tag, and a blob truncated in the registry's storage: one clear error each,
        // exit status 1, nothing deployed.
        let missing = try deploy([
            "\(registry.host)/direct/sample:nope", root.appendingPathComponent("none").path, "framework-*",
        ])
        #expect(
            missing.status == 1
                && missing.stderrText.contains("direct/sample:nope: fetching the stack index: not found"))
        // An ordinary image at the reference: not a venvstacks stack, nothing deployed.
        try await registry.putForeignImage(repository: "other/image", tag: "v1")
        let foreign = try deploy([
            "\(registry.host)/other/image:v1", root.appendingPathComponent("foreign").path, "framework-*",
        ])
        #expect(
            foreign.status == 1
                && foreign.stderrText.contains("\(registry.host)/other/image:v1 is not a venvstacks stack"),
            "\(foreign.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("foreign").path))
        let stored = root.appendingPathComponent(
            "registry/data/docker/registry/v2/blobs/sha256/\(archiveDigest.prefix(2))/\(archiveDigest)/data")
        let handle = try FileHandle(forUpdating: stored)
        try handle.truncate(atOffset: UInt64(archiveSize / 2))
        try handle.close()
        try FileManager.default.removeItem(at: cache)
        let broken = root.appendingPathComponent("broken")
        let truncated = try deploy([target, broken.path, "framework-http-client"])
        #expect(truncated.status == 1, "\(truncated.stdoutText)")
        #expect(
            truncated.stderrText.contains("the archive of framework-http-client did not arrive intact"),
            "\(truncated.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: broken.appendingPathComponent("framework-http-client").path))

        // A registry that is not there: one clear error, exit status 1.
        registry.stop()
        let unreachable = try cli(["push", published.path, target])
        #expect(unreachable.status == 1, "\(unreachable.stderrText)")
        #expect(unreachable.stderrText.contains("cannot reach 127.0.0.1"), "\(unreachable.stderrText)")
        #expect(!unreachable.stderrText.contains("Fatal error"))
    }
}

extension RegistryIntegrationTests {
    /// A registry with htpasswd basic auth (a bcrypt password file made by apache2-utils'
    /// `htpasswd`): no credentials and wrong ones are one clear error each, with exit status 1
    /// and nothing pushed or deployed; credentials from the environment push, and the Docker
    /// config file's `auths` entry deploys.
    @Test func aRegistryWithBasicAuthTakesCredentialsFromTheEnvironmentAndTheDockerConfig() async throws {
        let root = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let spec = try copySampleProject(to: root, withLocks: true)
        let published = root.appendingPathComponent("published")
        for arguments in [
            ["build", "--include", "cpython-3.11", spec.path],
            ["publish", "--include", "cpython-3.11", "--output-dir", published.path, spec.path],
        ] {
            let result = try venvstacks(arguments)
            try #require(result.status == 0, "venvstacks \(arguments.joined(separator: " ")): \(result.stderrText)")
        }
        let passwords = root.appendingPathComponent("htpasswd")
        let made = try TestProcess.run(ToolInvocation("htpasswd", ["-Bbn", "builder", "s3cret pass"]))
        try #require(made.status == 0, "htpasswd: \(made.stderrText)")
        try made.standardOutput.write(to: passwords)
        let registry = try LocalRegistry.start(in: root.appendingPathComponent("registry"), htpasswd: passwords)
        defer { registry.stop() }

        // No credentials anywhere: an empty Docker config folder, no variables.
        let emptyConfig = root.appendingPathComponent("no-docker-config")
        try FileManager.default.createDirectory(at: emptyConfig, withIntermediateDirectories: true)
        let binary = IntegrationPaths.packageRoot.appendingPathComponent(".build/debug/venvstacks").path
        func cli(_ arguments: [String], _ environment: [String: String?]) throws -> ToolResult {
            try TestProcess.run(
                ToolInvocation(
                    binary, arguments,
                    environment: [
                        "VENVSTACKS_CACHE_DIR": root.appendingPathComponent("cache").path,
                        "DOCKER_CONFIG": emptyConfig.path, "VENVSTACKS_REGISTRY_USERNAME": nil,
                        "VENVSTACKS_REGISTRY_PASSWORD": nil,
                    ].merging(environment) { _, new in new }))
        }
        let target = "\(registry.host)/private/runtime:v1"
        let anonymous = try cli(["push", published.path, target], [:])
        #expect(anonymous.status == 1 && !anonymous.stderrText.contains("Fatal error"), "\(anonymous.stderrText)")
        #expect(
            anonymous.stderrText.contains("\(target): checking for blob sha256:")
                && anonymous.stderrText.contains("was refused (401 Unauthorized")
                && anonymous.stderrText.contains("docker login \(registry.host)"),
            "\(anonymous.stderrText)")
        let wrong = try cli(
            ["push", published.path, target],
            ["VENVSTACKS_REGISTRY_USERNAME": "builder", "VENVSTACKS_REGISTRY_PASSWORD": "guess"])
        #expect(wrong.status == 1 && wrong.stderrText.contains("was refused (401 Unauthorized"), "\(wrong.stderrText)")
        #expect(wrong.stderrText.contains("check the credentials from VENVSTACKS_REGISTRY_USERNAME"))
        // Nothing reached the registry's storage.
        let repositories = root.appendingPathComponent("registry/data/docker/registry/v2/repositories")
        #expect(!FileManager.default.fileExists(atPath: repositories.appendingPathComponent("private").path))

        let pushed = try cli(
            ["push", "--json", published.path, target],
            ["VENVSTACKS_REGISTRY_USERNAME": "builder", "VENVSTACKS_REGISTRY_PASSWORD": "s3cret pass"])
        try #require(pushed.status == 0, "\(pushed.stderrText)")
        let report = try JSONValue.parse(pushed.standardOutput)
        #expect(report["layers"]?[0]?["archive_pushed"] == .string("uploaded"), "\(pushed.stdoutText)")

        // Deploy: refused without credentials (nothing deployed), done with the Docker config's.
        let deployed = root.appendingPathComponent("deployed")
        let refused = try cli(["deploy", target, deployed.path, "cpython-3.11"], [:])
        #expect(refused.status == 1 && refused.stderrText.contains("fetching the stack index was refused (401"))
        #expect(!FileManager.default.fileExists(atPath: deployed.path))
        let dockerConfig = root.appendingPathComponent("docker-config")
        try FileManager.default.createDirectory(at: dockerConfig, withIntermediateDirectories: true)
        let auth = Data("builder:s3cret pass".utf8).base64EncodedString()
        try Data(#"{"auths": {"\#(registry.host)": {"auth": "\#(auth)"}}}"#.utf8)
            .write(to: dockerConfig.appendingPathComponent("config.json"))
        let fromConfig = try cli(
            ["deploy", target, deployed.path, "cpython-3.11"], ["DOCKER_CONFIG": dockerConfig.path])
        #expect(fromConfig.status == 0, "\(fromConfig.stderrText)")
        let python = try TestProcess.run(
            ToolInvocation(
                deployed.appendingPathComponent("cpython-3.11/bin/python").path,
                ["-c", "import sys; print(sys.version_info[:2])"]))
        #expect(python.status == 0 && python.stdoutText.hasPrefix("(3, 11)"), "\(python.stderrText)")

        // A Docker credential helper (credsStore): a real program on PATH, asked with `get`.
        let helpers = root.appendingPathComponent("helpers")
        try FileManager.default.createDirectory(at: helpers, withIntermediateDirectories: true)
        let script = helpers.appendingPathComponent("docker-credential-venvstacks-test")
        try Data(
            """
            #!/bin/sh
            read -r server || true
            if [ "$1" = get ] && [ "$server" = "\(registry.host)" ]; then
              printf '{"ServerURL": "%s", "Username": "builder", "Secret": "s3cret pass"}' "$server"
              exit 0
            fi
            echo "credentials not found in native keychain"
            exit 1

            """.utf8
        ).write(to: script)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        let helperConfig = root.appendingPathComponent("helper-config")
        try FileManager.default.createDirectory(at: helperConfig, withIntermediateDirectories: true)
        try Data(#"{"credsStore": "venvstacks-test", "auths": {"\#(registry.host)": {}}}"#.utf8)
            .write(to: helperConfig.appendingPathComponent("config.json"))
        let path = helpers.path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let viaHelper = try cli(
            ["deploy", target, root.appendingPathComponent("deployed-helper").path, "cpython-3.11"],
            ["DOCKER_CONFIG": helperConfig.path, "PATH": path])
        #expect(viaHelper.status == 0, "\(viaHelper.stderrText)")
        // A helper named in the config but not installed: one error naming it.
        try Data(#"{"credsStore": "not-installed"}"#.utf8).write(to: helperConfig.appendingPathComponent("config.json"))
        let missingHelper = try cli(
            ["deploy", target, root.appendingPathComponent("deployed-none").path, "cpython-3.11"],
            ["DOCKER_CONFIG": helperConfig.path])
        #expect(
            missingHelper.status == 1
                && missingHelper.stderrText.contains(
                    "credential helper docker-credential-not-installed, which cannot be run"),
            "\(missingHelper.stderrText)")
    }
}

/// A CNCF distribution registry (Debian's docker-registry) serving plain HTTP on a free
/// loopback port, its storage in a folder of the test's, stopped by ``stop()``.
final class LocalRegistry: Sendable {
    let process: Process
    let host: String

    private init(process: Process, host: String) {
        self.process = process
        self.host = host
    }

    static func start(in folder: URL, htpasswd: URL? = nil) throws -> LocalRegistry {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let port = try freePort()
        var config = """
            version: 0.1
            log:
              level: warn
            storage:
              filesystem:
                rootdirectory: \(folder.appendingPathComponent("data").path)
            http:
              addr: 127.0.0.1:\(port)
            """
        if let htpasswd {
            config += "\nauth:\n  htpasswd:\n    realm: venvstacks-tests\n    path: \(htpasswd.path)\n"
        }
        let configURL = folder.appendingPathComponent("config.yml")
        try Data(config.utf8).write(to: configURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/docker-registry")
        process.arguments = ["serve", configURL.path]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        let log = folder.appendingPathComponent("registry.log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        let registry = LocalRegistry(process: process, host: "127.0.0.1:\(port)")
        // Ready once it answers /v2/ (200, or 401 with auth).
        for _ in 0..<100 {
            if let status = try? registry.statusSync("/v2/"), status == 200 || status == 401 { return registry }
            guard process.isRunning else { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        registry.stop()
        let text = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
        throw StackError("docker-registry did not start on port \(port): \(text)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }

    func get(_ path: String, accept: String) async throws -> (Data, Int) {
        var request = URLRequest(url: URL(string: "http://\(host)\(path)")!)
        request.setValue(accept, forHTTPHeaderField: "Accept")
        let (data, response) = try await URLSession.shared.data(for: request)
        return (data, (response as? HTTPURLResponse)?.statusCode ?? 0)
    }

    /// Stores an ordinary (empty) OCI image under `repository:tag`: something at a reference
    /// that is not a venvstacks stack.
    func putForeignImage(repository: String, tag: String) async throws {
        let config = Data("{}".utf8)
        let digest = "sha256:" + ContentHash.sha256Hex(config)
        var start = URLRequest(url: URL(string: "http://\(host)/v2/\(repository)/blobs/uploads/")!)
        start.httpMethod = "POST"
        let (_, started) = try await URLSession.shared.data(for: start)
        let location = try #require((started as? HTTPURLResponse)?.value(forHTTPHeaderField: "Location"))
        let separator = location.contains("?") ? "&" : "?"
        let absolute = location.hasPrefix("http") ? location : "http://\(host)\(location)"
        var finish = URLRequest(url: URL(string: absolute + separator + "digest=" + digest)!)
        finish.httpMethod = "PUT"
        finish.setValue("application/octet-stream", forHTTPHeaderField: "Content-Type")
        _ = try await URLSession.shared.upload(for: finish, from: config)
        let manifest = """
            {"schemaVersion": 2, "mediaType": "\(OCINames.imageManifest)",
             "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "\(digest)", "size": 2},
             "layers": []}
            """
        var put = URLRequest(url: URL(string: "http://\(host)/v2/\(repository)/manifests/\(tag)")!)
        put.httpMethod = "PUT"
        put.setValue(OCINames.imageManifest, forHTTPHeaderField: "Content-Type")
        let (_, stored) = try await URLSession.shared.upload(for: put, from: Data(manifest.utf8))
        try #require((stored as? HTTPURLResponse)?.statusCode == 201)
    }

    private func statusSync(_ path: String) throws -> Int {
        let result = try TestProcess.run(
            ToolInvocation(
                "/usr/bin/python3",
                [
                    "-c",
                    "import sys, urllib.request, urllib.error\ntry:\n  print(urllib.request.urlopen(sys.argv[1], timeout=2).status)\nexcept urllib.error.HTTPError as e:\n  print(e.code)\nexcept Exception:\n  print(0)",
                    "http://\(host)\(path)",
                ]))
        return Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// A loopback port nothing listens on now (bound, read and released).
    static func freePort() throws -> Int {
        let result = try TestProcess.run(
            ToolInvocation(
                "/usr/bin/python3",
                ["-c", "import socket\ns = socket.socket()\ns.bind(('127.0.0.1', 0))\nprint(s.getsockname()[1])"]))
        guard let port = Int(result.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw StackError("cannot find a free port: \(result.stderrText)")
        }
        return port
    }
}
