import ArgumentParser
import Foundation
import VenvStacks

/// The state of an `inspect` session: the spec path, the loaded workspace (nil while the spec
/// has errors), and the files whose change triggers a reload. Turns each line into a reply;
/// never prints (the command does).
final class InspectSession {
    /// What a line gives.
    enum Reply: Equatable {
        case output(String)
        case error(String)
        case quit
        case nothing
    }

    let specPath: String
    /// Every answer as one line of JSON.
    let jsonLines: Bool
    private(set) var workspace: StackWorkspace?
    /// The files that were loaded, with their modification stamps.
    private var watched: [String: FileStamp?] = [:]

    init(specPath: String, jsonLines: Bool) {
        self.specPath = specPath
        self.jsonLines = jsonLines
    }

    /// Loads the spec and judges the locks; returns the problem when the spec cannot be
    /// used (the session stays open without a workspace).
    @discardableResult
    func load() async -> String? {
        let spec = URL(fileURLWithPath: specPath).standardizedFileURL
        watched = [spec.path: FileStamp(spec.path)]
        do {
            let stack = try StackSpec.load(path: specPath)
            let opened = try await StackWorkspace.open(stack, tools: Toolbox())
            workspace = opened
            completionWords = Self.completionWords(opened)
            for state in opened.states.layers.values {
                for file in [state.files.pylock, state.files.metadata] { watched[file.path] = FileStamp(file.path) }
            }
            return nil
        } catch {
            workspace = nil
            completionWords = Self.completionWords(nil)
            return String(describing: error)
        }
    }

    /// True when the spec or a lock file changed (or appeared, or went) since the last load.
    func changedOnDisk() -> Bool {
        watched.contains { path, stamp in FileStamp(path) != stamp }
    }

    /// Layer, application and package names, and the commands, for completion (worked out
    /// at each load).
    private(set) var completionWords = CompletionWords()

    private static func completionWords(_ workspace: StackWorkspace?) -> CompletionWords {
        guard let workspace else { return CompletionWords() }
        let layers = workspace.spec.enabledLayers
        var packages = Set<String>()
        for layer in layers {
            if let details = try? workspace.layerDetails(layer.buildName) {
                packages.formUnion((details.packages ?? []).map(\.name))
            }
        }
        return CompletionWords(
            layers: layers.map(\.buildName), applications: layers.filter { $0.kind == .application }.map(\.buildName),
            packages: packages.sorted())
    }

    /// Answers one line.
    func handle(_ line: String) async -> Reply {
        let words: [String]
        do {
            words = try SessionWords.split(line)
        } catch {
            return .error(error.description)
        }
        guard let first = words.first else { return .nothing }
        guard SessionLine.names.contains(first) else {
            let close = NameSuggestions.closest(to: first, in: SessionLine.names)
            return .error(
                "unknown command '\(first)'; "
                    + (close.isEmpty
                        ? "type 'help' for the commands" : "did you mean \(close.joined(separator: " or "))?"))
        }
        let command: ParsableCommand
        do {
            command = try SessionLine.parseAsRoot(words)
        } catch {
            let message = SessionLine.fullMessage(for: error)
            // `help`-style output from the parser (`why --help`) is an answer, not an error.
            return SessionLine.exitCode(for: error) == .success ? .output(message + "\n") : .error(message)
        }
        switch command {
        case is SessionQuit: return .quit
        case let help as SessionHelp: return .output(helpText(for: help.command))
        case is SessionReload:
            if let problem = await load() { return .error(problem + "\n(fix the spec, then 'reload')") }
            return .output("reloaded \(specPath)\n")
        default: break
        }
        guard let workspace else {
            return .error("the spec has errors (shown when it was loaded): fix them, then 'reload'")
        }
        do {
            let (text, isJSON) = try answer(command, workspace: workspace)
            guard jsonLines || isJSON else { return .output(text) }
            return .output(try JSONValue.parse(Data(text.utf8)).renderedLine())
        } catch {
            return .error(String(describing: error))
        }
    }

    /// The answer's text, and whether it is JSON.
    private func answer(_ command: ParsableCommand, workspace: StackWorkspace) throws -> (String, Bool) {
        switch command {
        case let asking as any SessionQueryCommand:
            var query = asking.inspectQuery
            query.json = query.json || jsonLines
            return (try query.answer(workspace), query.json)
        case let layer as SessionLayer:
            let details = try workspace.layerDetails(layer.name)
            let json = layer.json || jsonLines
            return (json ? details.json.rendered() : LayerText.render(details), json)
        case let packages as SessionPackages:
            let details = try workspace.layerDetails(packages.layer)
            let json = packages.json || jsonLines
            return (json ? (details.json["packages"] ?? .null).rendered() : LayerText.packages(details), json)
        default:
            return (SessionLine.summary + "\n", false)
        }
    }

    private func helpText(for command: String?) -> String {
        guard let command else { return SessionLine.summary + "\n" }
        let types: [String: ParsableCommand.Type] = [
            "status": SessionStatus.self, "why": SessionWhy.self, "which": SessionWhich.self, "size": SessionSize.self,
            "layer": SessionLayer.self, "packages": SessionPackages.self,
        ]
        guard let type = types[command] else { return SessionLine.summary + "\n" }
        return SessionLine.helpMessage(for: type) + "\n"
    }
}

/// The words Tab offers in a session.
struct CompletionWords {
    var commands = SessionLine.names
    var layers: [String] = []
    var applications: [String] = []
    var packages: [String] = []
}

/// A file's modification time and size (nil fields when it is missing).
struct FileStamp: Equatable {
    let seconds: Int
    let nanoseconds: Int
    let size: Int64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        #if os(Linux)
            seconds = Int(info.st_mtim.tv_sec)
            nanoseconds = Int(info.st_mtim.tv_nsec)
        #else
            seconds = Int(info.st_mtimespec.tv_sec)
            nanoseconds = Int(info.st_mtimespec.tv_nsec)
        #endif
        size = Int64(info.st_size)
    }
}
