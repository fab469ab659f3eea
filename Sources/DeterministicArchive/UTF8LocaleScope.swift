import CArchiveSupport

/// Gives the calling thread a UTF-8 character locale while an archive is written, then puts
/// back whatever it had.
///
/// libarchive 3.6.2 converts the UTF-8 names it is given through the current locale's
/// multibyte charset: in the "C" locale (a Swift program's default) a non-ASCII name fails to
/// convert and the pax writer crashes; in other charsets the bytes could differ. With a
/// UTF-8 thread locale the conversion is the identity in every process locale.
final class UTF8LocaleScope {
    private let utf8: locale_t?
    private let previous: locale_t?

    /// Switches the calling thread to a UTF-8 character locale if the system has one.
    init() {
        let utf8 = cas_new_utf8_ctype_locale()
        if let utf8, cas_locale_is_null(utf8) == 0 {
            self.utf8 = utf8
            previous = uselocale(utf8)
        } else {
            self.utf8 = nil
            previous = nil
        }
    }

    /// Whether the thread now has a UTF-8 character locale.
    var isActive: Bool { utf8 != nil }

    /// Restores the thread's previous locale.
    func end() {
        guard let utf8 else { return }
        if let previous { uselocale(previous) }
        freelocale(utf8)
    }
}
