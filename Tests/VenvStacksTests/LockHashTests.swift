import Foundation
import PythonPackaging
import Testing

@testable import VenvStacks

/// The four lock hashes against values computed directly from the formulas in docs/formats.md#lock-hashes.
@Suite struct LockHashTests {
    let specURL = TestPaths.lockProject.appendingPathComponent("venvstacks.toml")

    @Test func hashOfNothingIsTheEmptySHA256() {
        #expect(
            ContentHash.hashStrings([]) == "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(LockHashes.lockInputHash([]) == ContentHash.hashStrings([]))
    }

    @Test func runtimeOtherInputsHashMatchesVenvstacks08Example() throws {
        let spec = try loadSpec(specURL, environment: [:])
        let runtime = spec.runtimes[0]
        let inputs = LockHashes.otherInputs(for: runtime, runtime: runtime)
        #expect(inputs == ["py_version=3.11", "linux_target=glibc@2.28", "macosx_target=13.0"])
        // sha256("py_version=3.11" + "linux_target=glibc@2.28" + "macosx_target=13.0"), computed with Python's hashlib.
        #expect(
            ContentHash.hashStrings(inputs) == "sha256:82fa53b197f46600eef5c06014ead098e19e722635f575804dc48aeca1e982a1"
        )
    }

    @Test func layeredOtherInputsNameTheRuntimeAndFrameworks() throws {
        let spec = try loadSpec(specURL, environment: [:])
        let runtime = spec.runtimes[0]
        // The framework targets Linux and Windows only, so no macOS target is hashed.
        #expect(
            LockHashes.otherInputs(for: spec.frameworks[0], runtime: runtime)
                == ["py_version=3.11", "linux_target=glibc@2.28", "cpython-3.11"])
        #expect(
            LockHashes.otherInputs(for: spec.applications[0], runtime: runtime)
                == ["py_version=3.11", "linux_target=glibc@2.28", "cpython-3.11", "demo"])
    }

    @Test func sampleScipyClientOtherInputsMatchVenvstacksMetadata() throws {
        let spec = try loadSpec(TestPaths.sampleProject, environment: [:])
        let app = try #require(spec.applications.first { $0.name == "scipy-client" })
        let inputs = LockHashes.otherInputs(for: app, runtime: spec.runtimes[0])
        #expect(inputs == ["py_version=3.11", "macosx_target=13.0", "cpython-3.11", "scipy", "http-client"])
        // The value venvstacks 0.8 stores for this layer of its own sample project.
        #expect(
            ContentHash.hashStrings(inputs) == "sha256:b87c4e2af484741969355792e0140d9d50064a62088ae6ac7378c1c512df9f5f"
        )
    }

    @Test func lockInputHashUsesSortedCanonicalRequirements() throws {
        let spec = try loadSpec(specURL, environment: [:])
        // sorted(['numpy', 'dlltracer; sys_platform == "win32"']) hashed with Python's hashlib.
        #expect(
            LockHashes.lockInputHash(spec.runtimes[0].requirements)
                == "sha256:34f67095a5c54ac8c79639119968ef8942844cfe4f4284ca586e243544b107be")
        #expect(
            LockHashes.lockInputHash(spec.frameworks[0].requirements)
                == directHash(["h11", "httpx>=0.28"]))
    }

    @Test func requirementCleaningFollowsVenvstacks08Rules() {
        #expect(
            LockHashes.cleanedRequirementLines([
                "b==2.3.4 ; python_version >= '3.12'  # Trailing comment",
                "   ", "# only a comment", "c --hash=sha256:abc", "d \\\\",
                "pkg@ https://h/x.whl#sha256=00",
            ]) == ["b==2.3.4 ; python_version >= '3.12'", "d", "pkg@ https://h/x.whl"])
    }

    @Test func requirementsHashInputsMatchVenvstacks08Strings() throws {
        let packages = [
            PylockPackage(
                name: "a", version: "1.2.3",
                wheels: [(name: "a-example.whl", hashes: [(algorithm: "sha256", digest: "12345a")])]),
            PylockPackage(name: "b", version: "2.3.4", marker: "python_version >= \"3.12\""),
            PylockPackage(
                name: "c", version: "3.4.5", index: "https://custom.index.invalid/",
                wheels: [
                    (
                        name: "c-example.whl",
                        hashes: [(algorithm: "sha256", digest: "12345c"), (algorithm: "sha512", digest: "67890c")]
                    )
                ]),
            PylockPackage(
                name: "mlx", version: "0.29.0",
                marker:
                    "(platform_machine == \"arm64\" and sys_platform == \"darwin\") and sys_platform == 'from_lower_layer'"
            ),
            PylockPackage(
                name: "torch", version: "2.8.0",
                marker: "(sys_platform == 'darwin') and sys_platform == 'from_lower_layer'"),
            PylockPackage(name: "anyio", version: "4.10.0", marker: "sys_platform == 'from_lower_layer'"),
            PylockPackage(name: "v", version: "1.0.0-RC1"),
        ]
        #expect(
            LockHashes.requirementsHashInputs(packages) == [
                "a==1.2.3 from unspecified index", "a-example.whl:sha256:12345a",
                "b==2.3.4 ; python_version >= '3.12' from unspecified index",
                "c==3.4.5 from https://custom.index.invalid/", "c-example.whl:sha256:12345c",
                "c-example.whl:sha512:67890c",
                "mlx==0.29.0 ; platform_machine == 'arm64' and sys_platform == 'darwin' from unspecified index",
                "torch==2.8.0 ; sys_platform == 'darwin' from unspecified index",
                "anyio==4.10.0 from unspecified index",
                "v==1.0.0rc1 from unspecified index",
            ])
    }

    @Test func requirementsHashOfHandWrittenPylocks() throws {
        let runtimeLock = TestPaths.lockProject.appendingPathComponent(
            "requirements/cpython-3.11/pylock.cpython-3_11.toml")
        let packages = try PylockReader.packages(
            in: String(contentsOf: runtimeLock, encoding: .utf8), file: runtimeLock.path)
        // Hashed with Python's hashlib from the strings the formula in docs/formats.md#lock-hashes produces.
        #expect(
            LockHashes.requirementsHash(packages)
                == "sha256:7e2ddf8b4928a106fc1f19ee2d1b8fed2cfeb4c63c3a5417c2da36d34e355b65")

        let frameworkLock = TestPaths.lockProject.appendingPathComponent(
            "requirements/framework-demo/pylock.framework-demo.toml")
        let shared = try PylockReader.packages(
            in: String(contentsOf: frameworkLock, encoding: .utf8), file: frameworkLock.path)
        #expect(
            shared.map(\.wheels.first?.name) == [
                "h11-0.16.0-py3-none-any.whl", "httpx-0.28.1-py3-none-any.whl", nil, nil,
            ])
        #expect(
            LockHashes.requirementsHash(shared)
                == "sha256:366bc0c3cbdbe032ddd797f77d2edf9c01426e47a3e4f3de2aaa11f24d4cab36")
    }

    @Test func wheelNamesAreURLUnquoted() throws {
        let text = """
            [[packages]]
            name = "torch"
            version = "2.8.0+cpu"
            [[packages.wheels]]
            url = "https://download.example/whl/torch-2.8.0%2Bcpu-cp311-cp311-manylinux_2_28_x86_64.whl?x=1"
            hashes = { sha256 = "ab" }
            """
        let packages = try PylockReader.packages(in: text, file: "x")
        #expect(
            LockHashes.requirementsHashInputs(packages) == [
                "torch==2.8.0+cpu from unspecified index",
                "torch-2.8.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl:sha256:ab",
            ])
    }

    @Test func versionInputsIncludeModuleHashesForApps() async throws {
        let spec = try loadSpec(specURL, environment: [:])
        let filter = await SourceTreeFilter.scan(spec)
        let app = spec.applications[0]
        let launch = try ModuleHash.hash(of: app.launchModule!.url, filter: filter)
        let helpers = try ModuleHash.hash(of: app.supportModules[0].url, filter: filter)
        let launchURL = TestPaths.lockProject.appendingPathComponent("hello.py")
        #expect(
            launch == directHash(["hello.py", "sha256:" + ContentHash.sha256Hex(try Data(contentsOf: launchURL))]))
        #expect(helpers.hasPrefix("sha256/"))
        #expect(
            LockHashes.versionInputs(for: app, moduleHashes: [launch, helpers])
                == ["env_name=app-hello", "is_versioned_layer=True", launch, helpers])
        #expect(
            LockHashes.versionInputs(for: spec.runtimes[0], moduleHashes: [])
                == ["env_name=cpython-3.11", "is_versioned_layer=False"])
        // Computed with Python's hashlib from the files' bytes.
        #expect(
            ContentHash.hashStrings(LockHashes.versionInputs(for: app, moduleHashes: [launch, helpers]))
                == "sha256:2cc64bc61b068a9ecabbaebdf2911da5f8e6c3d0b31e336838386690e0e287b9")
    }
}
