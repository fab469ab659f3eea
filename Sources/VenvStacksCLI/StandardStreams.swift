import Foundation
import Synchronization
import VenvStacks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes to standard output and standard error with `write(2)`, remembering why output
/// failed.
///
/// A reader that has gone (`venvstacks … | head`, `EPIPE`) is not a failure: the text is
/// dropped and the run goes on (see ``BrokenPipes``). Any other failure to write standard
/// output (`ENOSPC` for `> /dev/full`, `EIO`) is: later output is dropped, and when the
/// command ends ``VenvStacksCommand/run(arguments:)`` reports the cause on standard error
/// and exits with status 1, so a result that never arrived is never a success. A failure to
/// write standard error has nowhere to be reported.
enum StandardStreams {
    /// The `errno` of the first failed write to standard output other than `EPIPE`.
    private static let outputFailure = Mutex<Int32?>(nil)

    /// Writes all of `text` to `descriptor`, retrying partial and interrupted writes.
    static func write(_ text: String, to descriptor: Int32) {
        if descriptor == STDOUT_FILENO, outputFailure.withLock({ $0 != nil }) { return }
        guard let failure = Array(text.utf8).withUnsafeBytes({ FileSystem.writeAll($0, to: descriptor) }) else {
            return
        }
        if descriptor == STDOUT_FILENO && failure != EPIPE {
            outputFailure.withLock { $0 = $0 ?? failure }
        }
    }

    /// `cannot write to standard output: <cause>` once a write to it failed, else nil.
    static var outputProblem: String? {
        outputFailure.withLock { $0 }.map { "cannot write to standard output: \(String(cString: strerror($0)))" }
    }
}
