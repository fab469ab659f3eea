/// This tool's version.
public enum VenvStacksVersion {
    public static let current = "0.1.0"
}
