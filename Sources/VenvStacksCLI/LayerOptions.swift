import ArgumentParser
import Foundation
import VenvStacks

/// The spec path argument every subcommand takes.
struct SpecArgument: ParsableArguments {
    @Argument(help: "The stack spec file (usually venvstacks.toml).")
    var specPath: String

    /// Loads the spec and prints its warnings.
    func load(_ console: Console) throws -> StackSpec {
        let stack = try StackSpec.load(path: specPath)
        for warning in stack.warnings { console.warning(warning.description) }
        return stack
    }
}

/// `--include` / `--allow-missing`.
struct IncludeOptions: ParsableArguments {
    @Option(
        name: .customLong("include"),
        help: ArgumentHelp(
            "Only work on layers whose build name matches PATTERN (fnmatch: *, ?, [..]); repeatable.",
            valueName: "PATTERN"))
    var patterns: [String] = []

    @Flag(
        name: .customLong("allow-missing"), inversion: .prefixedNo,
        help: "Warn instead of failing when an --include pattern matches no layer.")
    var allowMissing = false

    /// Matching build names; reports unmatched patterns (an error unless --allow-missing).
    func select(in spec: StackSpec, console: Console) throws -> [String] {
        try matching(patterns, in: spec, console: console, what: " for")
    }

    /// Every layer with `flags`' operations when neither `--include` nor `resetPatterns`
    /// narrow the selection; otherwise the included layers (every enabled layer when only
    /// resets are given), their resets, and what `flags` add around them.
    func plan(
        _ spec: StackSpec, flags: OperationPlan.Flags, resetPatterns: [String] = [], console: Console
    ) throws -> OperationPlan {
        if patterns.isEmpty && resetPatterns.isEmpty {
            return OperationPlan.all(in: spec, lock: flags.lock, build: flags.build, publish: flags.publish)
        }
        let included = patterns.isEmpty ? spec.enabledLayers.map(\.buildName) : try select(in: spec, console: console)
        let reset = try selectResets(resetPatterns, in: spec, console: console)
        return try OperationPlan.select(included: included, resetLocks: reset, flags: flags, in: spec)
    }

    /// Build names matching `--reset-lock` patterns, reported like `--include` patterns.
    func selectResets(_ resetPatterns: [String], in spec: StackSpec, console: Console) throws -> Set<String> {
        Set(try matching(resetPatterns, in: spec, console: console, what: " for upgrade"))
    }

    private func matching(_ patterns: [String], in spec: StackSpec, console: Console, what: String) throws -> [String] {
        let (matches, unmatched) = LayerSelection.filter(patterns, in: spec)
        if !unmatched.isEmpty {
            let list = "{" + unmatched.map { "'\($0)'" }.joined(separator: ", ") + "}"
            if allowMissing {
                console.warning("No matching layers found\(what): \(list)")
            } else {
                console.error(
                    "No matching layers found\(what): \(list)\n  Pass '--allow-missing' to convert to warning")
                throw ExitCode.failure
            }
        }
        return matches
    }
}

/// `--reset-lock` / `--lock-dependencies` (lock and build).
struct LockSelectionOptions: ParsableArguments {
    @Option(
        name: .customLong("reset-lock"),
        help: ArgumentHelp(
            "Resolve matching layers again from scratch, even when their lock is valid (fnmatch pattern); repeatable.",
            valueName: "PATTERN"))
    var resetLock: [String] = []

    @Flag(
        name: .customLong("lock-dependencies"), inversion: .prefixedNo,
        help: "With --include: always relock the layers the included layers depend on, not only when needed.")
    var lockDependencies = false
}

/// `--build-dir` (show, lock and build).
struct BuildDirectoryOption: ParsableArguments {
    @Option(help: "Build directory, relative to the spec file's folder.")
    var buildDir = "_build"

    func url(for stack: StackSpec) -> URL {
        resolveDirectory(buildDir, specDirectory: stack.specDirectory)
    }
}
