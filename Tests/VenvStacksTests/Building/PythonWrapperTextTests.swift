import Foundation
import Testing

@testable import VenvStacks

/// The text of the `bin/python` wrapper (docs/behaviour.md#the-python-wrapper, items 1–11) and shell quoting.
@Suite struct PythonWrapperTextTests {
    static let directories = ["../../framework-x@3/share/venv/dynlib", "../../cpython 3.11/share/venv/dynlib"]

    @Test func linuxScriptLineByLine() {
        let lines = PythonWrapper.script(dynlibDirectories: Self.directories)
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "#!/usr/bin/bash")
        #expect(lines.contains("set -eu"))
        #expect(
            lines.contains("script_dir=\"$(cd \"$(dirname \"$(readlink -f \"$0\")\")\" >/dev/null 2>&1 && pwd)\""))
        let adds = lines.filter { $0.hasPrefix("add_dynlib_dir ") }
        #expect(
            adds == [
                "add_dynlib_dir \"$script_dir\"/../../framework-x@3/share/venv/dynlib",
                "add_dynlib_dir \"$script_dir\"/'../../cpython 3.11/share/venv/dynlib'",
            ])
        let tail = Array(lines.drop { !$0.hasPrefix("export ") })
        #expect(
            tail == [
                "export LD_LIBRARY_PATH",
                "script_path=\"$script_dir/python\"",
                "symlink_path=\"$script_dir/python_\"",
                "if [ ! -f \"$script_path\" ]; then",
                "    echo \"Invalid wrapper script path: $script_path\" >&2",
                "    exit 1",
                "fi",
                "if [ ! -L \"$symlink_path\" ]; then",
                "    echo \"Invalid base Python symlink: $symlink_path\" >&2",
                "    exit 2",
                "fi",
                "if [ \"$script_path\" -ef \"$symlink_path\" ]; then",
                "    echo \"Symlink loop detected: $script_path and $symlink_path are the same file\" >&2",
                "    exit 3",
                "fi",
                "exec -a \"$script_path\" \"$symlink_path\" \"$@\"",
                "",
            ])
    }

    @Test func macOSUsesZshAndTheDyldVariable() {
        let text = PythonWrapper.script(dynlibDirectories: Self.directories, macOS: true)
        #expect(text.hasPrefix("#!/bin/zsh\n"))
        #expect(text.contains("export DYLD_LIBRARY_PATH\n"))
        #expect(text.contains("case \":${DYLD_LIBRARY_PATH:-}:\" in"))
        #expect(!text.replacingOccurrences(of: "DYLD_LIBRARY_PATH", with: "").contains("LD_LIBRARY_PATH"))
    }

    @Test(arguments: [
        ("../../cpython-3.11/share/venv/dynlib", "../../cpython-3.11/share/venv/dynlib"),
        ("a@b%c+d=e:f,g_h", "a@b%c+d=e:f,g_h"),
        ("", "''"),
        ("my env", "'my env'"),
        ("$HOME", "'$HOME'"),
        ("it's", "'it'\"'\"'s'"),
        ("tab\there", "'tab\there'"),
        ("caf\u{e9}", "'caf\u{e9}'"),
    ])
    func shellQuote(_ value: String, _ expected: String) {
        #expect(PythonWrapper.shellQuote(value) == expected)
    }
}
