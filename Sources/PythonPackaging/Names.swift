/// Normalises a distribution or extra name as PEP 503 describes: lower-cases it and
/// replaces every run of `-`, `_` and `.` with a single `-`.
///
/// `canonicalizeName("Foo.Bar__baz")` is `"foo-bar-baz"`. Invalid names are normalised
/// the same way; no validation is performed.
public func canonicalizeName(_ name: String) -> String {
    var result = ""
    var pendingDash = false
    for scalar in name.lowercased().unicodeScalars {
        if scalar.isVersionSeparator {
            pendingDash = true
            continue
        }
        if pendingDash {
            result.unicodeScalars.append("-")
            pendingDash = false
        }
        result.unicodeScalars.append(scalar)
    }
    if pendingDash {
        result.unicodeScalars.append("-")
    }
    return result
}

/// Returns `true` if `name` is already in the form ``canonicalizeName(_:)`` produces and is a
/// valid project name: ASCII lower-case letters and digits, single `-` separators, no
/// leading or trailing separator.
public func isCanonicalName(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars)
    guard let first = scalars.first, let last = scalars.last else { return false }
    func isLowerAlnum(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCIIDigit || ("a"..."z").contains(scalar)
    }
    guard isLowerAlnum(first), isLowerAlnum(last) else { return false }
    var previousDash = false
    for scalar in scalars {
        if scalar == "-" {
            if previousDash { return false }
            previousDash = true
        } else if isLowerAlnum(scalar) {
            previousDash = false
        } else {
            return false
        }
    }
    return true
}

/// Returns `true` if `name` is a valid distribution name per the core metadata
/// specification: ASCII letters and digits, with `.`, `_` and `-` allowed only between them.
public func isValidProjectName(_ name: String) -> Bool {
    let scalars = Array(name.unicodeScalars)
    guard let first = scalars.first, let last = scalars.last else { return false }
    guard first.isASCIIAlphanumeric, last.isASCIIAlphanumeric else { return false }
    return scalars.allSatisfy { $0.isASCIIAlphanumeric || $0.isVersionSeparator }
}
