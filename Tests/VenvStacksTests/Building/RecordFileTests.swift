import Foundation
import Testing

@testable import VenvStacks

/// Reading and pruning wheel `RECORD` files as Python's csv module does (docs/behaviour.md#portability-clean-up).
@Suite struct RecordFileTests {
    static let site = "/env/lib/python3.11/site-packages"

    @Test func parsesQuotedFieldsDoubledQuotesAndBothLineEndings() {
        let text = "a,b,c\n\"x,y\",z,\n\"say \"\"hi\"\"\",h,1\r\n\"multi\nline\",h,2\n\n\nlast,row,9"
        #expect(
            RecordFile.parse(text) == [
                ["a", "b", "c"], ["x,y", "z", ""], ["say \"hi\"", "h", "1"], ["multi\nline", "h", "2"],
                ["last", "row", "9"],
            ])
    }

    @Test func emptyAndBlankTextHasNoRows() {
        #expect(RecordFile.parse("") == [])
        #expect(RecordFile.parse("\n\r\n") == [])
        #expect(RecordFile.parse("\"\"\n") == [[""]])
    }

    @Test func removedScriptsLeaveAndOtherRowsAreRewrittenUnchanged() {
        let record = """
            ../../../bin/tool,sha256=abc,10\r
            ../../../bin/python3.11,,
            "pkg/a,b.py",sha256=def,5
            "pkg/say ""hi"".py",sha256=ghi,6\r
            /env/bin/absolute,sha256=jkl,7
            ../../../bin/./other/../dotted,sha256=mno,8
            pkg-1.0.dist-info/RECORD,,
            pkg-1.0.dist-info/INSTALLER,sha256=pqr,2
            """
        let removed: Set = ["/env/bin/tool", "/env/bin/absolute", "/env/bin/dotted"]
        #expect(
            RecordFile.pruned(record, removing: removed, sitePackages: Self.site) == """
                ../../../bin/python3.11,,
                "pkg/a,b.py",sha256=def,5
                "pkg/say ""hi"".py",sha256=ghi,6
                pkg-1.0.dist-info/RECORD,,
                pkg-1.0.dist-info/INSTALLER,sha256=pqr,2

                """)
    }

    @Test func nothingRemovedMeansNoRewrite() {
        let record = "../../../bin/tool,sha256=abc,10\r\npkg/__init__.py,sha256=x,0\r\n"
        #expect(RecordFile.pruned(record, removing: ["/env/bin/other"], sitePackages: Self.site) == nil)
        #expect(RecordFile.pruned(record, removing: [], sitePackages: Self.site) == nil)
    }

    @Test func aRemovedFolderOnlyMatchesItsOwnPath() {
        let record = "../../../bin/scripts/run,sha256=abc,10\n../../../bin/scripts,,\n"
        #expect(RecordFile.pruned(record, removing: ["/env/bin/scripts/x"], sitePackages: Self.site) == nil)
        #expect(
            RecordFile.pruned(record, removing: ["/env/bin/scripts"], sitePackages: Self.site)
                == "../../../bin/scripts/run,sha256=abc,10\n")
    }

    @Test func fieldsAreQuotedOnlyWhenPythonQuotesThem() {
        #expect(RecordFile.quoted("plain/path.py") == "plain/path.py")
        #expect(RecordFile.quoted("a,b") == "\"a,b\"")
        #expect(RecordFile.quoted("a\"b") == "\"a\"\"b\"")
        #expect(RecordFile.quoted("a\nb") == "\"a\nb\"")
        #expect(RecordFile.quoted("a\rb") == "\"a\rb\"")
        #expect(RecordFile.quoted("with space") == "with space")
    }
}
