import Foundation

/// The POSIX `bin/python` wrapper of a layered environment (docs/behaviour.md#the-python-wrapper): it appends
/// the lower layers' dynamic library folders to the loader's search path and runs the base
/// interpreter as this environment's `bin/python`.
public enum PythonWrapper {
    /// The script for dynlib folders given relative to `bin/` (e.g.
    /// `../../cpython-3.11/share/venv/dynlib`), on Linux or macOS.
    public static func script(dynlibDirectories: [String], macOS: Bool = false) -> String {
        let variable = macOS ? "DYLD_LIBRARY_PATH" : "LD_LIBRARY_PATH"
        var lines = [
            macOS ? "#!/bin/zsh" : "#!/usr/bin/bash",
            "# venvstacks wrapper: lets extension modules load shared libraries from lower layers,",
            "# then runs the base Python as this environment's bin/python (so it finds pyvenv.cfg).",
            "set -eu",
            "# readlink -f needs macOS 12.3 or later",
            "script_dir=\"$(cd \"$(dirname \"$(readlink -f \"$0\")\")\" >/dev/null 2>&1 && pwd)\"",
            "add_dynlib_dir() {",
            "    case \":${\(variable):-}:\" in",
            "        \"::\") \(variable)=\"$1\" ;;",
            "        *\":$1:\"*) ;;",
            "        *) \(variable)=\"${\(variable)}:$1\" ;;",
            "    esac",
            "}",
        ]
        lines += dynlibDirectories.map { "add_dynlib_dir \"$script_dir\"/\(shellQuote($0))" }
        lines += [
            "export \(variable)",
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
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// Quotes `value` for a POSIX shell, leaving plain paths unquoted (as `shlex.quote`).
    static func shellQuote(_ value: String) -> String {
        let safe = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./-_")
        if !value.isEmpty && value.allSatisfy(safe.contains) { return value }
        return "'" + value.replacingOccurrences(of: "'", with: "'\"'\"'") + "'"
    }
}
