import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

/// The one engine error: what it renders from its parts, and how context is added.
@Suite struct StackErrorTests {
    @Test func theMessageIsBuiltFromItsParts() {
        #expect(StackError("no uv").description == "no uv")
        #expect(StackError(layer: "app-x", "cannot copy").description == "Layer app-x: cannot copy")
        #expect(
            StackError(layer: "app-x", file: "/s/a.json", "is not JSON", hint: "publish again").description
                == "Layer app-x: /s/a.json: is not JSON; publish again")
    }

    @Test func aLayerOrFileTheProblemNamesIsNotRepeated() {
        #expect(
            StackError(layer: "framework-sci", "Failed to lock layer 'framework-sci'").description
                == "Failed to lock layer 'framework-sci'")
        #expect(
            StackError(file: "/s/a.json", "cannot read /s/a.json").description == "cannot read /s/a.json")
    }

    @Test func aFileSystemCauseIsGivenInPlainWords() {
        let failure = FileSystemError.posix(ENOSPC, path: "/out/x.tar.xz")
        #expect(
            StackError("cannot write /out/x.tar.xz", cause: failure).description
                == "cannot write /out/x.tar.xz: No space left on device")
        #expect(
            StackError(layer: "app", "cannot move it", cause: failure).description
                == "Layer app: cannot move it: /out/x.tar.xz: No space left on device")
        let cocoa = CocoaError(.fileWriteOutOfSpace, userInfo: [NSFilePathErrorKey: "/out/y"])
        #expect(
            StackError("cannot write /out/y", cause: cocoa).description
                == "cannot write /out/y: No space left on device")
    }

    @Test func aHintAfterSeveralLinesStartsALineOfItsOwn() {
        let tool = ToolError(
            invocation: ToolInvocation("uv", ["lock"]), reason: "uv exited with status 1", stderrTail: "conflict")
        #expect(
            StackError(layer: "rt", "Failed to lock layer 'rt'", hint: "see constraint-dependencies", cause: tool)
                .description == """
                    Failed to lock layer 'rt': uv exited with status 1
                      command: uv lock
                      its error output:
                        conflict
                    see constraint-dependencies
                    """)
    }

    @Test func duringPutsContextOnWhateverTheBodyThrows() throws {
        let wrapped = #expect(throws: StackError.self) {
            try StackError.during("cannot list /m", layer: "app") {
                throw FileSystemError.posix(EACCES, path: "/m")
            }
        }
        #expect(wrapped?.layer == "app")
        #expect(wrapped?.cause is FileSystemError)
        #expect(wrapped?.description == "Layer app: cannot list /m: Permission denied")
        #expect(try StackError.during("never used") { 42 } == 42)
    }

    @Test func anInnerStackErrorKeepsItsWordsAndGainsWhatItLacks() {
        let inner = StackError(file: "/r/pylock.toml", "'packages' must be an array of tables")
        let added = #expect(throws: StackError.self) {
            try StackError.during("", layer: "framework-x") { throw inner }
        }
        #expect(added?.layer == "framework-x" && added?.file == "/r/pylock.toml")
        #expect(added?.description == "Layer framework-x: /r/pylock.toml: 'packages' must be an array of tables")
        let nested = #expect(throws: StackError.self) {
            try StackError.during("cannot read uv's export", layer: "framework-x") { throw inner }
        }
        #expect(
            nested?.description
                == "Layer framework-x: cannot read uv's export: /r/pylock.toml: 'packages' must be an array of tables")
        // The layer is named once even when the inner error knew it too.
        let twice = StackError.wrapping(StackError(layer: "a", "broken"), "cannot build", layer: "a")
        #expect(twice.description == "Layer a: cannot build: broken")
    }

    @Test func workspaceOperationsRecordThemselvesOnce() async throws {
        let error = await #expect(throws: StackError.self) {
            try await StackWorkspace.performing(.build) {
                try await StackWorkspace.performing(.lock) { throw StackError(layer: "rt", "no runtime") }
            }
        }
        #expect(error?.operation == .lock)
        #expect(error?.description == "Layer rt: no runtime")
    }
}
