import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// Where registry credentials come from (docs/registries.md#registry-access): the environment,
/// then the Docker config file: a registry's credential helper, its `auths` entry, the default
/// helper. Helpers are programs (a scripted runner here; a real script in the slow test).
@Suite struct RegistryCredentialsTests {
    let folder: URL

    init() throws { folder = try makeTemporaryDirectory() }

    func config(_ text: String) throws { try Data(text.utf8).write(to: folder.appendingPathComponent("config.json")) }

    func find(_ registry: String = "registry.example:5000", runner: ScriptedToolRunner = ScriptedToolRunner())
        async throws -> RegistryCredentials?
    {
        try await RegistryCredentials.find(for: registry, environment: ["DOCKER_CONFIG": folder.path], runner: runner)
    }

    /// A helper named `name` answering `status` and `output`.
    func helper(_ name: String, status: Int32 = 0, output: String) -> ScriptedToolRunner {
        ScriptedToolRunner().on(name, { $0.executable == name && $0.arguments == ["get"] }) { invocation in
            #expect(invocation.standardInput == Data("registry.example:5000".utf8))
            return ToolResult(status: status, standardOutput: Data(output.utf8), standardError: Data())
        }
    }

    @Test func theEnvironmentComesFirstThenTheAuthsEntry() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let auth = Data("user:p:w".utf8).base64EncodedString()
        try config(#"{"auths": {"registry.example:5000": {"auth": "\#(auth)"}}}"#)
        let fromConfig = try await find()
        #expect(fromConfig?.username == "user" && fromConfig?.password == "p:w")
        #expect(try await find("other.example") == nil)
        let fromEnvironment = try await RegistryCredentials.find(
            for: "registry.example:5000",
            environment: [
                "DOCKER_CONFIG": folder.path, "VENVSTACKS_REGISTRY_USERNAME": "ci", "VENVSTACKS_REGISTRY_PASSWORD": "x",
            ], runner: ScriptedToolRunner())
        #expect(fromEnvironment?.username == "ci")
        try config("{not json")
        await #expect(throws: StackError.self) { try await find() }
    }

    @Test func aRegistrysHelperAnswersBeforeItsAuthsEntryAndTheDefaultHelperAfter() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let auth = Data("inline:pw".utf8).base64EncodedString()
        try config(
            """
            {"credsStore": "store", "credHelpers": {"registry.example:5000": "ecr-login"},
             "auths": {"registry.example:5000": {"auth": "\(auth)"}}}
            """)
        let fromHelper = try await find(
            runner: helper("docker-credential-ecr-login", output: #"{"Username": "AWS", "Secret": "token"}"#))
        #expect(fromHelper?.username == "AWS" && fromHelper?.password == "token")
        #expect(fromHelper?.origin.hasPrefix("docker-credential-ecr-login (named in ") == true)
        // Without a registry helper, the inline entry; without that, the default helper.
        try config(#"{"credsStore": "store", "auths": {"registry.example:5000": {"auth": "\#(auth)"}}}"#)
        #expect(try await find()?.username == "inline")
        try config(#"{"credsStore": "store", "auths": {"registry.example:5000": {}}}"#)
        let fromStore = try await find(
            runner: helper("docker-credential-store", output: #"{"ServerURL": "x", "Username": "u", "Secret": "s"}"#))
        #expect(fromStore?.username == "u" && fromStore?.password == "s")
        // A helper without credentials for the registry: none.
        let none = try await find(
            runner: helper("docker-credential-store", status: 1, output: "credentials not found in native keychain"))
        #expect(none == nil)
    }

    @Test func aHelperThatCannotRunOrFailsIsOneErrorNamingIt() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try config(#"{"credsStore": "desktop"}"#)
        await #expect {
            try await find(runner: ScriptedToolRunner().refusingQuietly())
        } throws: { error in
            "\(error)".contains("names the credential helper docker-credential-desktop, which cannot be run")
        }
        await #expect {
            try await find(runner: helper("docker-credential-desktop", status: 2, output: "keychain locked"))
        } throws: { error in
            "\(error)".contains("docker-credential-desktop")
                && "\(error)".contains("failed for registry.example:5000 with exit status 2: 'keychain locked'")
        }
        await #expect {
            try await find(runner: helper("docker-credential-desktop", output: "not json"))
        } throws: { error in
            "\(error)".contains("without a Username and Secret")
        }
    }
}
