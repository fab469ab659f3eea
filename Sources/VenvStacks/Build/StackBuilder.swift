import Foundation
import Synchronization
import PythonPackaging

/// What to build and how.
public struct BuildRequest: Sendable {
    /// Per-layer operations; layers whose `build` is `.never` (or absent) are not built.
    public var plan: OperationPlan
    public var buildDirectory: URL
    /// Recreate every selected layer, even when it is up to date.
    public var clean: Bool
    /// The platform being built for (the host).
    public var platform: TargetPlatform
    /// How many layers may build at once (layers never start before the layers below them).
    public var jobs: Int

    public init(
        plan: OperationPlan, buildDirectory: URL, clean: Bool = false, platform: TargetPlatform, jobs: Int = 1
    ) {
        self.plan = plan
        self.buildDirectory = buildDirectory
        self.clean = clean
        self.platform = platform
        self.jobs = max(1, jobs)
    }
}

/// Builds the environments of a stack (docs/behaviour.md#building): runtimes from the runtime cache,
/// framework and application layers as virtual environments linked to the layers below,
/// each installed from its lock with `uv pip install`, made portable and checked.
///
/// A layer whose build record (`<build>/<layer>.last-build.json`) matches its current spec,
/// lock and modules is reused untouched; any other selected layer is recreated from scratch,
/// so nothing from an earlier build can mask a change. The caller holds the build folder's
/// ``FolderLock``; temporary files an interrupted build left there are removed first.
public struct StackBuilder: Sendable {
    let spec: StackSpec
    let runner: any ToolRunner
    let uv: UVCommands
    let runtimes: any RuntimeProvider
    let filter: SourceTreeFilter
    let observer: (any BuildObserver)?

    public init(
        spec: StackSpec, runner: any ToolRunner, uv: UVCommands, runtimes: any RuntimeProvider,
        filter: SourceTreeFilter, observer: (any BuildObserver)? = nil
    ) {
        self.spec = spec
        self.runner = runner
        self.uv = uv
        self.runtimes = runtimes
        self.filter = filter
        self.observer = observer
    }

    /// Builds every layer the plan selects for building, runtimes first, each layer after
    /// the layers it builds on. `states` are the stack's lock states (``LockStateEvaluator``),
    /// judged after any locking.
    public func build(_ request: BuildRequest, states: StackLockState) async throws(StackError) -> [BuiltLayer] {
        let selected = spec.layersInBuildOrder.filter { (request.plan[$0.buildName]?.build ?? .never) != .never }
        try Self.requireValidLocks(selected, states: states)
        let environments = LayerEnvironment.all(in: spec, states: states, buildDirectory: request.buildDirectory)
        try requireBuiltDependencies(selected, environments: environments, buildDirectory: request.buildDirectory)
        try StackError.during("cannot prepare the build directory \(request.buildDirectory.path)") {
            try FileSystem.makeDirectories(at: request.buildDirectory)
            try TemporaryName.removeLeftovers(in: request.buildDirectory)
        }
        var jobs: [String: LayerJob] = [:]
        let suffixes = ExtensionSuffixCache()
        for layer in selected {
            guard let environment = environments[layer.buildName], let state = states[layer.buildName],
                let lock = state.stored
            else { continue }
            let record = BuildRecord(
                details: LayerMetadata(of: environment, lock: lock, moduleHashes: state.moduleHashes),
                spec: LayerSpecRecord.json(of: layer))
            let recordURL = BuildRecord.url(for: layer.buildName, in: request.buildDirectory)
            let stored = BuildRecord.read(recordURL)
            let reason: String? =
                if request.clean {
                    "--clean"
                } else if !FileManager.default.isExecutableFile(atPath: environment.python.path) {
                    "no environment"
                } else {
                    record.staleness(stored: stored)
                }
            jobs[layer.buildName] = LayerJob(
                environment: environment, pylock: state.files.pylock, record: record, recordURL: recordURL,
                reason: reason, lastTimings: BuildRecord.timings(in: stored), suffixes: suffixes)
        }
        if jobs.values.contains(where: { $0.reason != nil }) {
            let provenance = await buildProvenance()
            for name in jobs.keys { jobs[name]?.record.provenance = provenance }
        }
        let order = selected.map(\.buildName).filter { jobs[$0] != nil }
        let dependencies = order.reduce(into: [String: Set<String>]()) { result, name in
            result[name] = Set(LayerSelection.dependencyBuildNames(of: jobs[name]!.environment.layer, in: spec))
                .intersection(order)
        }
        let planned = jobs
        let steps = BuildSteps(order: order, dependencies: dependencies, estimates: Self.estimates(of: jobs))
        let times = StepTimes()
        let done = try await LayerScheduler.run(
            order: steps.order, dependencies: steps.dependencies, limit: request.jobs, priority: steps.priority
        ) {
            id async throws(StackError) -> BuiltLayer? in
            let (name, phase) = BuildSteps.parse(id)
            switch phase {
            case .build:
                times.noteStart(name)
                try await build(planned[name]!, request: request)
                times.noteBuilt(name)
                return nil
            case .check:
                try await check(planned[name]!, request: request, times: times)
                return nil
            case .record:
                return try record(planned[name]!, times: times)
            }
        }
        return order.compactMap { done[BuildSteps.id(of: $0, .record)] ?? nil }
    }

    /// One selected layer: its environment, what its build record must say, and why it
    /// needs building (nil when it is up to date).
    struct LayerJob: Sendable {
        let environment: LayerEnvironment
        let pylock: URL
        var record: BuildRecord
        let recordURL: URL
        let reason: String?
        /// What the layer's last build took, from its stored record.
        let lastTimings: BuildTimings?
        /// Shared by every job of one build.
        let suffixes: ExtensionSuffixCache
    }

    /// Seconds each step is expected to take, for ``BuildSteps``: nothing for a layer that is
    /// up to date (its steps only report it), what its last build took for one rebuilt, and
    /// no estimate (the default) for a layer never built here.
    static func estimates(of jobs: [String: LayerJob]) -> [String: Double] {
        var estimates: [String: Double] = [:]
        for (name, job) in jobs {
            let (build, check) = (BuildSteps.id(of: name, .build), BuildSteps.id(of: name, .check))
            if job.reason == nil {
                for phase in BuildSteps.Phase.allCases { estimates[BuildSteps.id(of: name, phase)] = 0 }
            } else if let last = job.lastTimings {
                estimates[build] = Double(last.buildMilliseconds) / 1000
                estimates[check] = Double(last.checkMilliseconds) / 1000
            }
        }
        return estimates
    }

    /// This tool's version and the uv version, recorded with every build.
    func buildProvenance() async -> BuildProvenance {
        let words = await uv.versionLine(using: runner)?.split(separator: " ") ?? []
        return BuildProvenance(
            toolVersion: VenvStacksVersion.current, uvVersion: words.count >= 2 ? String(words[1]) : nil)
    }

    /// A layer's first step: building it, when it needs building.
    func build(_ job: LayerJob, request: BuildRequest) async throws(StackError) {
        guard let reason = job.reason else { return }
        observer?.handle(.detail("\(job.environment.buildName): building (\(reason))"))
        try await buildLayer(job, request: request)
    }

    /// A layer's second step: the post-build check of what the first one built (nothing for a
    /// reused layer).
    func check(_ job: LayerJob, request: BuildRequest, times: StepTimes) async throws(StackError) {
        guard job.reason != nil else { return }
        let name = job.environment.buildName
        let started = Date()
        let sysPath = try await checkLayer(job, request: request)
        times.noteChecked(name, seconds: Date().timeIntervalSince(started), sysPath: sysPath)
    }

    /// A layer's third step, once it and every layer under it passed its check: its build
    /// record (with the time each step took), then the layer is reported done.
    func record(_ job: LayerJob, times: StepTimes) throws(StackError) -> BuiltLayer {
        let name = job.environment.buildName
        var built = BuiltLayer(buildName: name, environment: job.environment.directory, action: .reused, sysPath: [])
        if let reason = job.reason {
            var record = job.record
            record.timings = times.timings(of: name)
            try write(record.json.rendered(), to: job.recordURL, layer: name)
            built.action = .built(reason: reason)
            built.sysPath = times.sysPath(of: name)
        }
        observer?.handle(.finished(built, seconds: Date().timeIntervalSince(times.start(of: name))))
        return built
    }

    /// Every selected layer needs a valid lock: otherwise venvstacks 0.8's error, with its
    /// diagnostics, for each such layer.
    static func requireValidLocks(_ layers: [LayerSpec], states: StackLockState) throws(StackError) {
        var messages: [String] = []
        for layer in layers {
            guard let state = states[layer.buildName], !state.hasValidLock else { continue }
            var text =
                "Layer \(layer.buildName): Environment must be locked before installing dependencies\nInvalid lock details:\n"
                + lockDiagnostics(state).rendered()
            if !state.readProblems.isEmpty {
                text += "Its lock files cannot be used: \(state.readProblems.joined(separator: "; "))\n"
            }
            if !state.invalidDependencies.isEmpty {
                text += "Layers below it need locking too: \(state.invalidDependencies.joined(separator: ", "))\n"
            }
            messages.append(text)
        }
        guard messages.isEmpty else {
            throw StackError(
                messages.joined(separator: "\n")
                    + "\nLock the stack first ('venvstacks lock'), or build with --lock-if-needed.")
        }
    }

    /// `{"last_metadata", "lock_metadata", "changed_fields"}` (docs/formats.md#lock-diagnostics).
    static func lockDiagnostics(_ state: LayerLockStatus) -> JSONValue {
        let current = state.current
        let now: JSONValue = .object([
            "lock_input_hash": .string(current.lockInputHash),
            "other_inputs_hash": .string(current.otherInputsHash),
            "requirements_hash": current.requirementsHash.map(JSONValue.string) ?? .null,
            "version_inputs_hash": .string(current.versionInputsHash),
        ])
        return .object([
            "last_metadata": state.stored?.json ?? .null,
            "lock_metadata": now,
            "changed_fields": .array(state.changedFields.map(JSONValue.string)),
        ])
    }

    /// Layers that are not being built must already exist when a selected layer needs them.
    func requireBuiltDependencies(
        _ selected: [LayerSpec], environments: [String: LayerEnvironment], buildDirectory: URL
    ) throws(StackError) {
        let building = Set(selected.map(\.buildName))
        for layer in selected {
            for lower in LayerSelection.dependencyBuildNames(of: layer, in: spec) where !building.contains(lower) {
                let exists = environments[lower].map { FileManager.default.isExecutableFile(atPath: $0.python.path) }
                let recorded = FileManager.default.fileExists(
                    atPath: BuildRecord.url(for: lower, in: buildDirectory).path)
                guard exists != true || !recorded else { continue }
                throw StackError(
                    layer: layer.buildName,
                    "it builds on '\(lower)', which has not been built and is not selected for building",
                    hint: "build it too, e.g. with --build-dependencies or without --include")
            }
        }
    }

    /// The extension-module suffixes of a runtime's interpreter, asked of it once per build.
    func extensionSuffixes(python: URL, layer: String, cache: ExtensionSuffixCache) async throws(StackError)
        -> [String]
    {
        if let known = cache[python] { return known }
        let invocation = ToolInvocation(
            python.path,
            ["-X", "utf8", "-I", "-c", "import importlib.machinery as m; print('\\n'.join(m.EXTENSION_SUFFIXES))"])
        do {
            let result = try await runner.runChecked(invocation)
            let suffixes = result.stdoutText.split(separator: "\n").map(String.init)
            cache[python] = suffixes
            return suffixes
        } catch {
            throw StackError(layer: layer, "cannot query the runtime's extension suffixes", cause: error)
        }
    }
}

/// Each runtime's extension-module suffixes, by the path of its Python, for one build: every
/// layer on a runtime links its shared libraries by them, and the runtime gives the same answer
/// each time.
final class ExtensionSuffixCache: Sendable {
    private let known = Mutex<[String: [String]]>([:])

    subscript(python: URL) -> [String]? {
        get { known.withLock { $0[python.path] } }
        set { known.withLock { $0[python.path] = newValue } }
    }
}
