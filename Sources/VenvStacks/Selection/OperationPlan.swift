/// Whether an operation runs: always, only when needed, or not at all (venvstacks'
/// True / None / False).
public enum Want: Sendable, Equatable {
    case always, ifNeeded, never

    init(_ flag: Bool) { self = flag ? .always : .never }

    /// `flag or None`: `.always` when set, otherwise `.ifNeeded`.
    static func orIfNeeded(_ flag: Bool) -> Want { flag ? .always : .ifNeeded }

    var isTruthy: Bool { self == .always }
}

/// The operations selected for one layer.
public struct LayerOperations: Sendable, Equatable {
    public var lock: Want
    public var build: Want
    public var publish: Bool
    public var resetLock: Bool

    public init(lock: Want, build: Want, publish: Bool, resetLock: Bool = false) {
        self.lock = lock
        self.build = build
        self.publish = publish
        self.resetLock = resetLock
    }

    /// The names `--show` lists: `reset-lock`, `lock`/`lock-if-needed`,
    /// `build`/`build-if-needed`, `publish`.
    public var names: [String] {
        var names: [String] = []
        if resetLock { names.append("reset-lock") }
        switch lock {
        case .always: names.append("lock")
        case .ifNeeded: names.append("lock-if-needed")
        case .never: break
        }
        switch build {
        case .always: names.append("build")
        case .ifNeeded: names.append("build-if-needed")
        case .never: break
        }
        if publish { names.append("publish") }
        return names
    }
}

/// Which layers a command works on and what it does to each (docs/behaviour.md#layer-selection).
/// Layers without an entry are excluded (not worked on and not shown).
public struct OperationPlan: Sendable, Equatable {
    public var operations: [String: LayerOperations]

    public subscript(buildName: String) -> LayerOperations? { operations[buildName] }

    /// The same operations for every enabled layer. Build and publish apply only to
    /// layers targeting `host`.
    public static func all(
        in spec: StackSpec, lock: Want, build: Want, publish: Bool, host: TargetPlatform? = .host
    ) -> OperationPlan {
        var operations: [String: LayerOperations] = [:]
        for layer in spec.enabledLayers {
            operations[layer.buildName] = make(
                layer, lock: lock, build: build, publish: publish, reset: false, host: host)
        }
        return OperationPlan(operations: operations)
    }

    /// Flags of a selection with `--include` / `--reset-lock` patterns.
    public struct Flags: Sendable, Equatable {
        public var lock: Want
        public var build: Want
        public var publish: Bool
        public var lockDependencies = false
        public var buildDependencies = false
        public var publishDependencies = false
        public var buildDerived = false
        public var publishDerived = false

        public init(lock: Want, build: Want, publish: Bool) {
            self.lock = lock
            self.build = build
            self.publish = publish
        }
    }

    /// Selects `included` layers, plus the layers they depend on and the layers derived
    /// from them, as the flags say.
    public static func select(
        included: [String], resetLocks: Set<String>, flags: Flags, in spec: StackSpec,
        host: TargetPlatform? = .host
    ) throws(StackError) -> OperationPlan {
        var f = flags
        var lockDerived = false
        if f.lock.isTruthy {
            lockDerived = true
            if !f.lockDependencies {
                f.buildDependencies = false
                f.publishDependencies = false
            }
        } else {
            f.lockDependencies = false
        }
        if f.build.isTruthy {
            if !f.buildDependencies { f.publishDependencies = false }
            if !f.buildDerived { f.publishDerived = false }
        } else {
            f.buildDerived = false
            f.buildDependencies = false
        }
        if !f.publish {
            f.publishDerived = false
            f.publishDependencies = false
        }
        var operations: [String: LayerOperations] = [:]
        let includedSet = Set(included)
        for layer in spec.enabledLayers where includedSet.contains(layer.buildName) {
            operations[layer.buildName] = make(
                layer, lock: f.lock, build: f.build, publish: f.publish,
                reset: resetLocks.contains(layer.buildName), host: host)
        }
        let related = LayerSelection.related(to: includedSet, in: spec)
        let dependencies = related.dependencies
        let anyDerived = lockDerived || f.buildDerived || f.publishDerived
        let derived = anyDerived ? related.derived : []
        let both = derived.intersection(dependencies)
        if !both.isEmpty {
            let names = pythonList(both.sorted())
            for (kind, differs) in [
                ("lock", lockDerived != f.lockDependencies), ("build", f.buildDerived != f.buildDependencies),
                ("publication", f.publishDerived != f.publishDependencies),
            ] where differs {
                let flag = kind == "publication" ? "publish" : kind
                throw StackError(
                    "Conflicting \(kind) instructions for \(names): these layers are both derived from and dependencies of the included layers",
                    hint: "pass matching --\(flag)-dependencies / --\(flag)-derived flags")
            }
        }
        for layer in spec.enabledLayers {
            let name = layer.buildName
            if derived.contains(name) {
                operations[name] = make(
                    layer, lock: Want(lockDerived), build: Want(f.buildDerived), publish: f.publishDerived,
                    reset: lockDerived && resetLocks.contains(name), host: host)
            } else if dependencies.contains(name) {
                // Dependencies are locked and built when needed, but only by commands
                // that lock or build at all.
                operations[name] = make(
                    layer, lock: flags.lock == .never ? .never : .orIfNeeded(f.lockDependencies),
                    build: flags.build == .never ? .never : .orIfNeeded(f.buildDependencies),
                    publish: f.publishDependencies, reset: f.lockDependencies && resetLocks.contains(name), host: host)
            }
        }
        return OperationPlan(operations: operations)
    }

    private static func make(
        _ layer: LayerSpec, lock: Want, build: Want, publish: Bool, reset: Bool, host: TargetPlatform?
    ) -> LayerOperations {
        let targetsHost = host.map(layer.platforms.contains) ?? false
        return LayerOperations(
            lock: lock, build: targetsHost ? build : .never, publish: publish && targetsHost, resetLock: reset)
    }
}
