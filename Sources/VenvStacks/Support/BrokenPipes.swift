import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Keeps the process alive when it writes to a pipe whose reader has gone (a tool that
/// exits before reading its input, or `venvstacks … | head`): the write fails with `EPIPE`,
/// which the writer handles, instead of `SIGPIPE` ending the process without a word.
///
/// `SIGPIPE` gets a handler that does nothing rather than `SIG_IGN`: an ignored signal
/// stays ignored in every program the process starts, whereas a handled one is reset to
/// the default when a child program starts, so tools and applications behave as usual.
public enum BrokenPipes {
    /// Installs the handler once (a disposition other than the default, e.g. a parent's
    /// `trap '' PIPE`, is left as it is).
    public static func survive() {
        _ = installed
    }

    private static let installed: Bool = {
        let doNothing: @convention(c) (Int32) -> Void = { _ in }
        let previous = signal(SIGPIPE, doNothing)
        if previous != nil {  // not the default: keep what was there
            signal(SIGPIPE, previous)
        }
        return true
    }()
}
