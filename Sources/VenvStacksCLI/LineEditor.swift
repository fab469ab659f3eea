import Foundation
import VenvStacks

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small line editor for the `inspect` session on a terminal: the terminal is in raw mode
/// only while a line is read. Keys: printable text, Backspace, Delete, Left/Right, Home/End
/// (Ctrl-A/E), Ctrl-K/Ctrl-U (kill to end/start), Up/Down (history), Tab (completion; a
/// second Tab lists the choices), Ctrl-C (drop the line), Ctrl-D (end of input on an empty
/// line), Ctrl-L (clear the screen).
///
/// (Written for this project rather than binding libedit: the session needs only these keys,
/// and polling for changed files while waiting for a key is simple with `poll` here but not
/// with readline's blocking call.)
final class LineEditor {
    enum Event: Equatable {
        case line(String)
        case endOfInput
        /// `changed` said yes while waiting for a key; the line typed so far is kept for the
        /// next ``read(prompt:changed:)``.
        case changed
    }

    var history: [String]
    /// Candidates for the word before the cursor, given the whole text before the cursor.
    private let completer: (String) -> [String]
    private var buffer: [Character] = []
    private var cursor = 0
    private var historyIndex: Int?
    private var draft: [Character] = []
    private var lastKeyWasTab = false
    private let input = STDIN_FILENO
    private let output = STDOUT_FILENO

    init(history: [String], completer: @escaping (String) -> [String]) {
        self.history = history
        self.completer = completer
    }

    /// Reads one line, asking `changed` about every quarter of a second while idle.
    func read(prompt: String, changed: () -> Bool) -> Event {
        var saved = termios()
        guard tcgetattr(input, &saved) == 0 else { return .endOfInput }
        var raw = saved
        raw.c_lflag &= ~tcflag_t(ECHO | ICANON | ISIG | IEXTEN)
        raw.c_iflag &= ~tcflag_t(IXON | ICRNL)
        withUnsafeMutableBytes(of: &raw.c_cc) { cc in
            cc[Int(VMIN)] = 1
            cc[Int(VTIME)] = 0
        }
        tcsetattr(input, TCSAFLUSH, &raw)
        defer { tcsetattr(input, TCSAFLUSH, &saved) }
        redraw(prompt)
        while true {
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            let ready = poll(&descriptor, 1, 250)
            if ready == 0 {
                if changed() {
                    write("\r\n")
                    return .changed
                }
                continue
            }
            guard ready > 0, let byte = readByte() else {
                if ready < 0 && errno == EINTR { continue }
                return .endOfInput
            }
            if let event = handle(byte, prompt: prompt) { return event }
        }
    }

    private func readByte() -> UInt8? {
        var byte: UInt8 = 0
        return systemRead(input, &byte, 1) == 1 ? byte : nil
    }

    /// Handles one key; an event ends the line.
    private func handle(_ byte: UInt8, prompt: String) -> Event? {
        let wasTab = lastKeyWasTab
        lastKeyWasTab = false
        switch byte {
        case 0x0d, 0x0a:
            write("\r\n")
            let line = String(buffer)
            buffer = []
            cursor = 0
            historyIndex = nil
            return .line(line)
        case 0x04:
            if buffer.isEmpty {
                write("\r\n")
                return .endOfInput
            }
            if cursor < buffer.count { buffer.remove(at: cursor) }
        case 0x03:
            write("^C\r\n")
            buffer = []
            cursor = 0
            historyIndex = nil
        case 0x7f, 0x08:
            if cursor > 0 {
                buffer.remove(at: cursor - 1)
                cursor -= 1
            }
        case 0x01: cursor = 0
        case 0x05: cursor = buffer.count
        case 0x0b: buffer.removeSubrange(cursor...)
        case 0x15:
            buffer.removeSubrange(..<cursor)
            cursor = 0
        case 0x0c: write("\u{1B}[H\u{1B}[2J")
        case 0x09:
            complete(listing: wasTab, prompt: prompt)
            lastKeyWasTab = true
        case 0x1b: escape()
        case 0x20...0x7e: insert(Character(Unicode.Scalar(byte)))
        case 0xc0...0xf7: utf8(byte)
        default: break
        }
        redraw(prompt)
        return nil
    }

    private func insert(_ character: Character) {
        buffer.insert(character, at: cursor)
        cursor += 1
    }

    /// A multi-byte UTF-8 character starting with `lead`.
    private func utf8(_ lead: UInt8) {
        let count = lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : 1
        var bytes = [lead]
        for _ in 0..<count {
            guard let next = readByte() else { return }
            bytes.append(next)
        }
        if let text = String(bytes: bytes, encoding: .utf8), let character = text.first { insert(character) }
    }

    /// Arrow keys, Home, End and Delete (`ESC [ x`, `ESC O x`, `ESC [ n ~`).
    private func escape() {
        guard let introducer = readByte(), introducer == UInt8(ascii: "[") || introducer == UInt8(ascii: "O"),
            var key = readByte()
        else { return }
        var number = 0
        while key >= UInt8(ascii: "0") && key <= UInt8(ascii: "9") {
            number = number * 10 + Int(key - UInt8(ascii: "0"))
            guard let next = readByte() else { return }
            key = next
        }
        switch key {
        case UInt8(ascii: "A"): recall(older: true)
        case UInt8(ascii: "B"): recall(older: false)
        case UInt8(ascii: "C"): cursor = min(buffer.count, cursor + 1)
        case UInt8(ascii: "D"): cursor = max(0, cursor - 1)
        case UInt8(ascii: "H"): cursor = 0
        case UInt8(ascii: "F"): cursor = buffer.count
        case UInt8(ascii: "~"):
            switch number {
            case 3: if cursor < buffer.count { buffer.remove(at: cursor) }
            case 1, 7: cursor = 0
            case 4, 8: cursor = buffer.count
            default: break
            }
        default: break
        }
    }

    /// Up (older) and Down (newer) through the history; below the newest entry is the line
    /// being typed.
    private func recall(older: Bool) {
        guard !history.isEmpty else { return }
        if historyIndex == nil {
            guard older else { return }
            draft = buffer
            historyIndex = history.count
        }
        let index = historyIndex! + (older ? -1 : 1)
        if index < 0 { return }
        if index >= history.count {
            historyIndex = nil
            buffer = draft
        } else {
            historyIndex = index
            buffer = Array(history[index])
        }
        cursor = buffer.count
    }

    /// Completes the word before the cursor: the only candidate in full (and a blank), else the
    /// candidates' common prefix; a second Tab with nothing to add lists them.
    private func complete(listing: Bool, prompt: String) {
        let before = String(buffer[..<cursor])
        let word = before.split(separator: " ", omittingEmptySubsequences: false).last.map(String.init) ?? ""
        let candidates = completer(before).filter { $0.hasPrefix(word) }
        guard !candidates.isEmpty else { return }
        if candidates.count == 1 {
            for character in candidates[0].dropFirst(word.count) { insert(character) }
            insert(" ")
            return
        }
        let common = candidates.dropFirst().reduce(candidates[0]) { prefix, candidate in
            String(zip(prefix, candidate).prefix { $0 == $1 }.map(\.0))
        }
        if common.count > word.count {
            for character in common.dropFirst(word.count) { insert(character) }
        } else if listing {
            write("\r\n" + candidates.joined(separator: "  ") + "\r\n")
        }
    }

    private func redraw(_ prompt: String) {
        var text = "\r" + prompt + String(buffer) + "\u{1B}[K"
        let back = buffer.count - cursor
        if back > 0 { text += "\u{1B}[\(back)D" }
        write(text)
    }

    private func write(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(output, $0.baseAddress, $0.count) }
            guard written > 0 else { return }
            offset += written
        }
    }
}

/// The C library's `read` and `write` (the editor has methods of those names).
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}

/// The session's history file: `$VENVSTACKS_HISTORY_FILE`, else
/// `$XDG_STATE_HOME/venvstacks/inspect_history`, else `~/.local/state/venvstacks/inspect_history`;
/// the last 1,000 lines, consecutive repeats once.
struct SessionHistory {
    static let limit = 1000
    let file: URL
    private(set) var entries: [String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit = environment["VENVSTACKS_HISTORY_FILE"], !explicit.isEmpty {
            file = URL(fileURLWithPath: explicit)
        } else {
            let state =
                environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : URL(fileURLWithPath: $0) }
                ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".local/state")
            file = state.appendingPathComponent("venvstacks/inspect_history")
        }
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        entries = Array(text.split(separator: "\n").map(String.init).suffix(Self.limit))
    }

    /// Adds a line and saves the file (atomically; a failure to save loses only the history).
    mutating func add(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("\n"), entries.last != trimmed else { return }
        entries.append(trimmed)
        if entries.count > Self.limit { entries.removeFirst(entries.count - Self.limit) }
        try? FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        _ = try? AtomicFile.write(entries.joined(separator: "\n") + "\n", to: file)
    }
}
