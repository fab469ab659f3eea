import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's file creation mask, read without changing it where the system allows.
///
/// libarchive's disk writer reads the umask by setting it to 0 and back, so a child process
/// started at that instant on another thread would inherit 0. Deploy therefore starts its
/// post-install scripts with the umask set explicitly to this value.
enum ProcessUmask {
    static let current: mode_t = {
        #if os(Linux)
            if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Umask:") }),
                let value = mode_t(line.dropFirst("Umask:".count).trimmingCharacters(in: .whitespaces), radix: 8)
            {
                return value
            }
        #endif
        let mask = umask(0o022)
        umask(mask)
        return mask
    }()

    /// `invocation` run through `/bin/sh` with the umask set to ``current`` first.
    static func wrapping(_ invocation: ToolInvocation) -> ToolInvocation {
        var wrapped = invocation
        wrapped.executable = "/bin/sh"
        wrapped.arguments =
            ["-c", "umask \(String(current, radix: 8)) && exec \"$0\" \"$@\"", invocation.executable]
            + invocation.arguments
        return wrapped
    }
}
