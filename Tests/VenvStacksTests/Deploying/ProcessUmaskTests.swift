import Foundation
import Testing
import VenvStacksTestSupport

@testable import VenvStacks

@Suite struct ProcessUmaskTests {
    func shellUmask(_ invocation: ToolInvocation) throws -> String {
        try TestProcess.run(invocation).stdoutText.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func theCurrentMaskIsWhatAChildInherits() throws {
        let inherited = try shellUmask(ToolInvocation("/bin/sh", ["-c", "umask"]))
        #expect(inherited == String(format: "%04o", ProcessUmask.current))
    }

    @Test func aWrappedCommandRunsWithTheMaskAndItsArguments() throws {
        let wrapped = ProcessUmask.wrapping(ToolInvocation("/bin/sh", ["-c", "umask; echo \"$1\"", "sh", "two words"]))
        #expect(wrapped.executable == "/bin/sh")
        #expect(try shellUmask(wrapped) == String(format: "%04o", ProcessUmask.current) + "\ntwo words")
    }
}
