import Foundation

extension StackWorkspace {
    /// Where each layer `request` selects stands: lock, build, published archive, sizes and
    /// packages (docs/inspecting.md#status). Reads only; nothing is written or run.
    public func report(_ request: StatusRequest) -> StackReport {
        StackInspector(spec: spec, states: states).report(request)
    }
}

extension StackWorkspace {
    /// Why `package` is in the stack: each layer whose lock lists it (of `layers`, all
    /// enabled layers when nil), installed there or taken from below, for which platforms, and
    /// the requirement chains that bring it in (docs/inspecting.md#why). Reads only.
    public func origins(of package: String, layers: Set<String>? = nil, buildDirectory: URL) throws(StackError)
        -> PackageOrigins
    {
        try WhyInspector(spec: spec, states: states).origins(
            of: package, layers: layers, buildDirectory: buildDirectory)
    }
}

extension StackWorkspace {
    /// Which layer gives `application` the distribution, module or shared library `name`,
    /// and what it shadows (docs/inspecting.md#which). Reads only.
    public func providers(of name: String, application: String, buildDirectory: URL) throws(StackError)
        -> Providers
    {
        try WhichInspector(spec: spec, states: states).providers(
            of: name, application: application, buildDirectory: buildDirectory)
    }
}

extension StackWorkspace {
    /// What makes the built layers big: each one's `top` largest packages, distributions an
    /// application sees in two layers, and files applications rarely need
    /// (docs/inspecting.md#size). Reads only.
    public func sizes(layers: Set<String>? = nil, top: Int, buildDirectory: URL) -> SizeReport {
        SizeInspector(spec: spec, states: states).report(layers: layers, top: top, buildDirectory: buildDirectory)
    }
}
