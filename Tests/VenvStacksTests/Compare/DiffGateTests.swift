import DeterministicArchive
import Foundation
import Testing

@testable import VenvStacks

/// `--fail-on` parsing and which differences trip which gate; RECORD ownership rules.
struct DiffGateTests {
    @Test func gatesParseAndBadOnesAreExplained() throws {
        #expect(try DiffGate(parsing: "moved-to-layer") == .movedToLayer)
        #expect(try DiffGate(parsing: " any ") == .any)
        #expect(try DiffGate(parsing: "size-growth=10%") == .sizeGrowth(.percent(10)))
        #expect(try DiffGate(parsing: "size-growth=2.5%") == .sizeGrowth(.percent(2.5)))
        #expect(try DiffGate(parsing: "size-growth=5MB") == .sizeGrowth(.bytes(5_000_000)))
        #expect(try DiffGate(parsing: "size-growth=1MiB") == .sizeGrowth(.bytes(1_048_576)))
        #expect(try DiffGate(parsing: "size-growth=300") == .sizeGrowth(.bytes(300)))
        #expect(DiffGate.sizeGrowth(.percent(10)).description == "size-growth=10%")
        for bad in ["bigger", "size-growth", "size-growth=", "size-growth=-1%", "size-growth=lots", "size-growth=5XB"] {
            #expect(throws: StackError.self, "\(bad)") { try DiffGate(parsing: bad) }
        }
        do {
            _ = try DiffGate(parsing: "moved")
        } catch {
            #expect(error.description.contains("the kinds are any, size-growth=LIMIT, moved-to-lower"))
        }
    }

    func diff(size: (Int, Int)?, packages: [StackDiff.PackageChange]) -> StackDiff {
        StackDiff(
            kind: .outputFolder, old: "a", new: "b", addedLayers: ["app-new"], removedLayers: [],
            changedLayers: [
                StackDiff.LayerChanges(
                    layer: "framework-demo", fields: [], packages: packages, archiveSize: size, lockFiles: [],
                    likelyCauses: [])
            ], unchangedLayers: 0)
    }

    @Test func eachGateTripsOnItsOwnKindOnly() {
        let grown = diff(size: (1000, 1150), packages: [.movedToLayer(name: "numpy", version: "2.3.2")])
        #expect(grown.trips([.sizeGrowth(.percent(10))]).map(\.layer) == ["framework-demo"])
        #expect(grown.trips([.sizeGrowth(.percent(20))]).isEmpty)
        #expect(grown.trips([.sizeGrowth(.bytes(149))]).count == 1)
        #expect(grown.trips([.sizeGrowth(.bytes(150))]).isEmpty)
        #expect(grown.trips([.movedToLayer]).first?.detail.hasPrefix("numpy 2.3.2 is now installed") == true)
        #expect(grown.trips([.movedToLower, .versionChanged, .packageAdded, .sameVersionDifferentBytes]).isEmpty)
        #expect(grown.trips([.layerAdded]).map(\.layer) == ["app-new"])
        #expect(grown.trips([.layerRemoved]).isEmpty)
        #expect(grown.trips([.any]).count == 1)
        #expect(grown.trips([]).isEmpty)
        let shrunk = diff(size: (1000, 10), packages: [.versionChanged(name: "httpx", old: "0.28.1", new: "0.27.2")])
        #expect(shrunk.trips([.sizeGrowth(.percent(0))]).isEmpty)
        #expect(shrunk.trips([.versionChanged]).first?.detail == "httpx 0.28.1 -> 0.27.2")
    }

    @Test func recordLinesOwnTheirFilesAndFoldersOnlyOnePackageUses() {
        func member(_ name: String, _ kind: ArchiveMember.Kind = .file, content: String? = nil) -> ArchiveMember {
            ArchiveMember(
                name: name, kind: kind, mode: 0o644, uid: 0, gid: 0, uname: "", gname: "", mtime: 0,
                mtimeNanoseconds: 0, size: 0, linkTarget: nil, sha256: nil, content: content.map { Data($0.utf8) },
                extendedFields: [], damage: nil)
        }
        let site = "lib/python3.11/site-packages"
        let record = """
            demo/__init__.py,sha256=x,1
            "demo/odd,name.py",sha256=x,1
            "demo/quote""d.py",,
            ../../../bin/demo-tool,sha256=x,1
            ../../../../escape,sha256=x,1
            demo-1.0.dist-info/RECORD,,
            shared/demo.py,,
            """
        let other = "shared/other.py,,\nother-2.0.dist-info/RECORD,,\n"
        let members = [
            "\(site)/demo-1.0.dist-info/RECORD": member("x", content: record),
            "\(site)/other-2.0.dist-info/RECORD": member("y", content: other),
        ]
        let ownership = PackageOwnership(members: members)
        #expect(ownership.versions == ["demo": "1.0", "other": "2.0"])
        #expect(ownership.owners["\(site)/demo/odd,name.py"] == "demo")
        #expect(ownership.owners["\(site)/demo/quote\"d.py"] == "demo")
        #expect(ownership.owners["bin/demo-tool"] == "demo")
        #expect(ownership.owners["\(site)/demo"] == "demo", "a folder only demo uses")
        #expect(ownership.owners["\(site)/demo-1.0.dist-info"] == "demo")
        #expect(ownership.owners["\(site)/shared"] == nil, "a folder two packages use belongs to neither")
        #expect(ownership.owners["\(site)/shared/other.py"] == "other")
        #expect(ownership.owners["bin"] == nil && ownership.owners["escape"] == nil)
        #expect(ownership.records["demo"] == "\(site)/demo-1.0.dist-info/RECORD")
    }
}
