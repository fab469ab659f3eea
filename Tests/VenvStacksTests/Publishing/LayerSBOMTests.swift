import Foundation
import Testing

@testable import VenvStacks

/// The layer SBOMs' pure parts (docs/formats.md#layer-sboms): core metadata headers, the
/// licences they declare, wheel tags and the CycloneDX document itself.
@Suite struct LayerSBOMTests {
    @Test func headersJoinContinuationLinesAndStopAtTheBody() {
        let metadata = CoreMetadata(
            text: """
                Metadata-Version: 2.1
                Name: demo
                License: Copyright (c) 2001 Someone
                        All rights reserved.
                       |
                        Redistribution is permitted.
                Classifier: License :: OSI Approved :: BSD License
                classifier: Programming Language :: Python
                Requires-Dist: numpy>=1

                License: not a header, the description
                """)
        #expect(metadata.values("Name") == ["demo"])
        #expect(
            metadata.values("License") == [
                "Copyright (c) 2001 Someone\nAll rights reserved.\n\nRedistribution is permitted."
            ])
        #expect(metadata.values("CLASSIFIER").count == 2)
        let licenses = metadata.licenses
        #expect(licenses.count == 2)
        #expect(licenses[0]["license"]?["name"] == .string("Copyright (c) 2001 Someone"))
        #expect(licenses[0]["license"]?["text"]?["content"]?.stringValue?.hasSuffix("is permitted.") == true)
        #expect(licenses[1] == .object(["license": .object(["name": .string("BSD License")])]))
    }

    @Test func anSPDXExpressionStandsAlone() {
        let metadata = CoreMetadata(
            text:
                "Name: x\nLicense-Expression: MIT OR Apache-2.0\nLicense: MIT\nClassifier: License :: OSI Approved :: MIT License\n"
        )
        #expect(metadata.licenses == [.object(["expression": .string("MIT OR Apache-2.0")])])
        // A short License field is its name, once; UNKNOWN and nothing give no entries.
        #expect(
            CoreMetadata(text: "License: MIT\nClassifier: License :: MIT\n").licenses == [
                .object(["license": .object(["name": .string("MIT")])])
            ])
        #expect(CoreMetadata(text: "License: UNKNOWN\n").licenses.isEmpty)
        #expect(CoreMetadata(text: "").licenses.isEmpty)
    }

    @Test func wheelFileNamesExpandToTheirTags() {
        let tags = WheelTags.of(fileName: "scipy-1.16.1-cp312-cp312-manylinux2014_x86_64.manylinux_2_17_x86_64.whl")
        #expect(tags == ["cp312-cp312-manylinux2014_x86_64", "cp312-cp312-manylinux_2_17_x86_64"])
        #expect(WheelTags.of(fileName: "six-1.17.0-1build-py2.py3-none-any.whl") == ["py2-none-any", "py3-none-any"])
        #expect(WheelTags.of(fileName: "six-1.17.0.tar.gz").isEmpty)
        #expect(
            WheelTags.installed(wheelFile: "Wheel-Version: 1.0\nTag: cp312-cp312-manylinux_2_17_x86_64\n")
                == ["cp312-cp312-manylinux_2_17_x86_64"])
    }

    static var metadata: LayerMetadata {
        LayerMetadata(
            json: .object([
                "layer_name": .string("app-x"), "install_target": .string("app-x@1"),
                "requirements_hash": .string("sha256:aa"), "lock_version": .int(1),
                "locked_at": .string("2025-08-27T00:00:00+00:00"), "runtime_layer": .string("cpython-3.12"),
                "python_implementation": .string("cpython@3.12.1"), "bound_to_implementation": .bool(false),
                "required_layers": .array([.string("framework-y")]),
            ]))!
    }

    @Test func theDocumentDescribesTheLayerItsPackagesAndTheLayersBelow() throws {
        let sbom = LayerSBOM(
            metadata: Self.metadata, kind: .application, targetPlatform: "linux_x86_64", archiveSHA256: "abc",
            toolVersion: "0.1.0",
            packages: [
                .init(
                    name: "zeta", version: "1.0+local.1", hashes: ["sha256": "FF", "md4": "00"],
                    wheelURL: "https://files.example/zeta-1.0-py3-none-any.whl", requires: ["alpha", "numpy", "zeta"]),
                .init(name: "alpha", version: "2.0"),
            ], lowerLayers: [(name: "framework-y", kind: .framework), (name: "cpython-3.12", kind: .runtime)])
        let json = sbom.json
        #expect(json["bomFormat"] == .string("CycloneDX") && json["specVersion"] == .string("1.5"))
        // RFC 4122 version 5, as Python's uuid.uuid5(uuid.NAMESPACE_URL, "venvstacks:app-x@1 abc").
        #expect(json["serialNumber"] == .string("urn:uuid:9e44d279-f27c-5e29-b9e7-5ce6f358b3e4"))
        #expect(json["metadata"]?["timestamp"] == .string("2025-08-27T00:00:00+00:00"))
        #expect(json["metadata"]?["component"]?["bom-ref"] == .string("layer:app-x@1"))
        #expect(json["metadata"]?["component"]?["type"] == .string("application"))
        guard case .array(let components)? = json["components"] else { Issue.record("no components"); return }
        #expect(components.map { $0["name"]?.stringValue } == ["alpha", "zeta", "framework-y", "cpython-3.12"])
        let zeta = components[1]
        #expect(zeta["purl"] == .string("pkg:pypi/zeta@1.0%2Blocal.1"))
        // Unknown algorithms are left out; digests are lower case.
        #expect(zeta["hashes"] == .array([.object(["alg": .string("SHA-256"), "content": .string("ff")])]))
        #expect(zeta["externalReferences"]?[0]?["type"] == .string("distribution"))
        #expect(components[0]["hashes"] == nil && components[0]["externalReferences"] == nil)
        #expect(components[3]["type"] == .string("platform"))
        guard case .array(let dependencies)? = json["dependencies"] else { Issue.record("no dependencies"); return }
        #expect(
            dependencies[0]
                == .object([
                    "ref": .string("layer:app-x@1"),
                    "dependsOn": .array(
                        [
                            "pkg:pypi/alpha@2.0", "pkg:pypi/zeta@1.0%2Blocal.1", "layer:framework-y",
                            "layer:cpython-3.12",
                        ]
                        .map(JSONValue.string)),
                ]))
        // Only requirements within the layer are edges (numpy lives below), never a self-edge.
        #expect(
            dependencies[2]
                == .object([
                    "ref": .string("pkg:pypi/zeta@1.0%2Blocal.1"), "dependsOn": .array([.string("pkg:pypi/alpha@2.0")]),
                ]))
        // The same inputs give the same bytes.
        #expect(sbom.json.rendered() == json.rendered())
    }
}
