/// The steps of deploying some layers and what each waits for, for ``LayerScheduler``:
///
///     unpack:L         —
///     compile:L#i      unpack:L, and unpack of L's runtime (its Python compiles)
///     postinstall:L    unpack:L, every compile:L#i, and postinstall of L's runtime
///
/// for each layer L being deployed (a runtime that is already deployed is waited for by none).
/// The order is the scheduler's preference among ready steps: every unpack first (they feed
/// the compile steps), then post-install steps (short, and the next layers wait for them),
/// then the compile pieces, runtime layers' first.
struct DeployPlan: Equatable {
    enum Kind: String {
        case unpack
        case compile
        case postInstall = "postinstall"
    }

    var order: [String] = []
    var dependencies: [String: Set<String>] = [:]

    init(_ layers: [PublishedLayer]) {
        let deploying = Set(layers.map(\.installTarget))
        var postInstalls: [String] = []
        var compiles: [String] = []
        for layer in layers {
            let name = layer.installTarget
            let unpack = Self.step(.unpack, name)
            let runtime = layer.kind != .runtime && deploying.contains(layer.runtimeLayer) ? layer.runtimeLayer : nil
            let pieces = (0..<Self.pieceCount(of: layer)).map { Self.step(.compile, name, piece: $0) }
            for piece in pieces {
                dependencies[piece] = Set([unpack] + (runtime.map { [Self.step(.unpack, $0)] } ?? []))
            }
            let postInstall = Self.step(.postInstall, name)
            dependencies[postInstall] = Set(
                [unpack] + pieces + (runtime.map { [Self.step(.postInstall, $0)] } ?? []))
            order.append(unpack)
            postInstalls.append(postInstall)
            compiles += pieces
        }
        order += postInstalls + compiles
    }

    /// Compile pieces planned for `layer`, from its archive's size.
    static func pieceCount(of layer: PublishedLayer) -> Int {
        DeployCompiler.pieceCount(archiveSize: layer.archiveSize)
    }

    static func step(_ kind: Kind, _ layer: String, piece: Int? = nil) -> String {
        "\(kind.rawValue):\(layer)" + (piece.map { "#\($0)" } ?? "")
    }

    /// The kind, layer and piece number of a step name.
    static func parse(_ step: String) -> (kind: Kind, layer: String, piece: Int) {
        let colon = step.firstIndex(of: ":")!
        let kind = Kind(rawValue: String(step[..<colon]))!
        var layer = String(step[step.index(after: colon)...])
        var piece = 0
        if kind == .compile, let hash = layer.lastIndex(of: "#") {
            piece = Int(layer[layer.index(after: hash)...]) ?? 0
            layer = String(layer[..<hash])
        }
        return (kind, layer, piece)
    }
}
