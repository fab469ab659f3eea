// Every input here is rejected by Python packaging 26.2 as well, except:
//   "name>=1.0," (packaging 26 ignores a trailing comma; PEP 508 does not allow it), and
//   "os_name == '\\N{EM DASH}'" (named escapes are not supported here).
// The messages are this module's own wording.

import PythonPackaging
import Testing

enum ParserKind: Sendable {
    case requirement, marker, version, specifier, specifierSet
}

@Suite("Bad input")
struct BadInputTests {
    static let cases: [(ParserKind, String, String)] = [
        (
            .requirement, "name<>",
            "invalid requirement 'name<>': expected a version after '<' at column 6"
        ),
        (
            .requirement, "name[",
            "invalid requirement 'name[': expected ']' to close the list of extras at column 6"
        ),
        (
            .requirement, "name @",
            "invalid requirement 'name @': expected a URL after '@' at column 7"
        ),
        (
            .requirement, "name; os_name ==",
            "invalid requirement 'name; os_name ==': expected a marker variable (such as sys_platform) or a quoted string at column 17"
        ),
        (
            .requirement, "==1.0",
            "invalid requirement '==1.0': expected a package name at the start at column 1"
        ),
        (
            .requirement, "name>=1.0,",
            "invalid requirement 'name>=1.0,': expected a version specifier after ',' at column 11"
        ),
        (
            .requirement, "foo ; bogus_var == '1'",
            "invalid requirement \"foo ; bogus_var == '1'\": expected a marker variable (such as sys_platform) or a quoted string at column 7"
        ),
        (
            .requirement, "name; (os_name=='a'",
            "invalid requirement \"name; (os_name=='a'\": expected ')' to close a parenthesised marker at column 20"
        ),
        (
            .requirement, "name; os_name=='a')",
            "invalid requirement \"name; os_name=='a')\": unexpected text after the marker at column 19"
        ),
        (
            .requirement, "name==1.0.0-abc",
            "invalid requirement 'name==1.0.0-abc': expected ',', ';' or the end of the requirement after the version specifier at column 12"
        ),
        (
            .requirement, "",
            "invalid requirement '': expected a package name at the start at column 1"
        ),
        (
            .requirement, "   ",
            "invalid requirement '   ': expected a package name at the start at column 4"
        ),
        (
            .requirement, "-name",
            "invalid requirement '-name': expected a package name at the start at column 1"
        ),
        (
            .requirement, "name-",
            "invalid requirement 'name-': expected a version specifier, ';' or the end of the requirement after the name at column 5"
        ),
        (
            .requirement, "na$me",
            "invalid requirement 'na$me': expected a version specifier, ';' or the end of the requirement after the name at column 3"
        ),
        (
            .requirement, "name[a b]",
            "invalid requirement 'name[a b]': expected ',' between extra names at column 8"
        ),
        (
            .requirement, "name[a,]",
            "invalid requirement 'name[a,]': expected an extra name after ',' at column 8"
        ),
        (
            .requirement, "name[,a]",
            "invalid requirement 'name[,a]': expected ']' to close the list of extras at column 6"
        ),
        (
            .requirement, "name (>=1.0",
            "invalid requirement 'name (>=1.0': expected ')' to close the parenthesised version specifier at column 12"
        ),
        (
            .requirement, "name >=1.0)",
            "invalid requirement 'name >=1.0)': expected ',', ';' or the end of the requirement after the version specifier at column 11"
        ),
        (
            .requirement, "name @ url extra",
            "invalid requirement 'name @ url extra': expected ';' or the end of the requirement after the URL at column 12"
        ),
        (
            .requirement, "name @ url ;",
            "invalid requirement 'name @ url ;': expected a marker variable (such as sys_platform) or a quoted string at column 13"
        ),
        (
            .requirement, "name;",
            "invalid requirement 'name;': expected a marker variable (such as sys_platform) or a quoted string at column 6"
        ),
        (
            .requirement, "name>=1.0 <2",
            "invalid requirement 'name>=1.0 <2': expected ',', ';' or the end of the requirement after the version specifier at column 11"
        ),
        (
            .requirement, "name===foo bar",
            "invalid requirement 'name===foo bar': expected ',', ';' or the end of the requirement after the version specifier at column 12"
        ),
        (
            .requirement, "name>=1.0.*",
            "invalid requirement 'name>=1.0.*': a '.*' suffix is only allowed with '==' and '!=' at column 10"
        ),
        (
            .requirement, "name>1.0+local",
            "invalid requirement 'name>1.0+local': a local version label is only allowed with '==' and '!=' at column 9"
        ),
        (
            .requirement, "name ~= 1",
            "invalid requirement 'name ~= 1': '~=' needs a version with at least two release numbers at column 9"
        ),
        (
            .requirement, "nameé",
            "invalid requirement 'nameé': expected a package name at the start at column 1"
        ),
        (
            .requirement, "name; os_name == 'a\\'",
            "invalid requirement \"name; os_name == 'a\\\\'\": quoted string ends with a backslash at column 18"
        ),
        (
            .requirement, "name; os_name == 'unterminated",
            "invalid requirement \"name; os_name == 'unterminated\": unterminated quoted string at column 18"
        ),
        (
            .requirement, "name; os_name == \"x\" and",
            "invalid requirement 'name; os_name == \"x\" and': expected a marker variable (such as sys_platform) or a quoted string at column 25"
        ),
        (
            .requirement, "name; (os_name == 'a' or (sys_platform == 'b')",
            "invalid requirement \"name; (os_name == 'a' or (sys_platform == 'b')\": expected ')' to close a parenthesised marker at column 47"
        ),
        (
            .requirement, "name; os_name notin 'a'",
            "invalid requirement \"name; os_name notin 'a'\": expected a marker operator (one of <=, <, !=, ==, >=, >, ~=, ===, in, not in) at column 15"
        ),
        (
            .requirement, "name; os_name not'in' 'a'",
            "invalid requirement \"name; os_name not'in' 'a'\": expected whitespace after 'not' at column 18"
        ),
        (
            .marker, "",
            "invalid marker '': expected a marker variable (such as sys_platform) or a quoted string at column 1"
        ),
        (
            .marker, "os_name",
            "invalid marker 'os_name': expected a marker operator (one of <=, <, !=, ==, >=, >, ~=, ===, in, not in) at column 8"
        ),
        (
            .marker, "os_name ==",
            "invalid marker 'os_name ==': expected a marker variable (such as sys_platform) or a quoted string at column 11"
        ),
        (
            .marker, "os_name == 'a' junk",
            "invalid marker \"os_name == 'a' junk\": expected 'and', 'or' or the end of the marker at column 16"
        ),
        (
            .marker, "(os_name == 'a'",
            "invalid marker \"(os_name == 'a'\": expected ')' to close a parenthesised marker at column 16"
        ),
        (
            .marker, "os_name == 'a')",
            "invalid marker \"os_name == 'a')\": expected 'and', 'or' or the end of the marker at column 15"
        ),
        (
            .marker, "bogus == '1'",
            "invalid marker \"bogus == '1'\": expected a marker variable (such as sys_platform) or a quoted string at column 1"
        ),
        (
            .marker, "platform.release == '1'",
            "invalid marker \"platform.release == '1'\": expected a marker variable (such as sys_platform) or a quoted string at column 1"
        ),
        (
            .marker, "os_name == u'x'",
            "invalid marker \"os_name == u'x'\": expected a marker variable (such as sys_platform) or a quoted string at column 12"
        ),
        (
            .marker, "os_name == 'a' andos_name == 'b'",
            "invalid marker \"os_name == 'a' andos_name == 'b'\": expected 'and', 'or' or the end of the marker at column 16"
        ),
        (
            .marker, "os_name == '\\xZZ'",
            "invalid marker \"os_name == '\\\\xZZ'\": truncated \\x escape at column 12"
        ),
        (
            .marker, "os_name == '\\N{EM DASH}'",
            "invalid marker \"os_name == '\\\\N{EM DASH}'\": named \\N{...} escapes are not supported at column 12"
        ),
        (
            .version, "1.0.0-abc",
            "invalid version '1.0.0-abc': unexpected '-abc' after the version at column 6"
        ),
        (
            .version, "",
            "invalid version '': the version is empty at column 1"
        ),
        (
            .version, "abc",
            "invalid version 'abc': expected a release number like '1.0' at the start at column 1"
        ),
        (
            .version, "1..0",
            "invalid version '1..0': unexpected '..0' after the version at column 2"
        ),
        (
            .version, "1.0.",
            "invalid version '1.0.': unexpected '.' after the version at column 4"
        ),
        (
            .version, "1.0+",
            "invalid version '1.0+': unexpected '+' after the version at column 4"
        ),
        (
            .version, "1e3",
            "invalid version '1e3': unexpected 'e3' after the version at column 2"
        ),
        (
            .version, "1.0 a1",
            "invalid version '1.0 a1': unexpected ' a1' after the version at column 4"
        ),
        (
            .version, "v 1.0",
            "invalid version 'v 1.0': expected a release number like '1.0' at the start at column 1"
        ),
        (
            .version, "١.٠",
            "invalid version '١.٠': expected a release number like '1.0' at the start at column 1"
        ),
        (
            .specifier, "=1.0",
            "invalid specifier '=1.0': expected an operator (one of ==, !=, <=, >=, <, >, ~=, ===) at column 1"
        ),
        (
            .specifier, "~=1",
            "invalid specifier '~=1': '~=' needs a version with at least two release numbers at column 3"
        ),
        (
            .specifier, ">1.0+abc",
            "invalid specifier '>1.0+abc': a local version label is only allowed with '==' and '!=' at column 5"
        ),
        (
            .specifier, ">=1.0.*",
            "invalid specifier '>=1.0.*': a '.*' suffix is only allowed with '==' and '!=' at column 6"
        ),
        (
            .specifier, "",
            "invalid specifier '': the specifier is empty at column 1"
        ),
        (
            .specifier, "==1.0a1.*",
            "invalid specifier '==1.0a1.*': a '.*' suffix must follow the release numbers directly (no pre-, post-, dev- or local part) at column 8"
        ),
        (
            .specifierSet, ">=1,=2",
            "invalid specifier set '>=1,=2': clause '=2': expected an operator (one of ==, !=, <=, >=, <, >, ~=, ===) at column 5"
        ),
        (
            .specifierSet, ">=1.0,<2,>=x",
            "invalid specifier set '>=1.0,<2,>=x': clause '>=x': expected a version after '>=' at column 12"
        ),
    ]

    @Test("bad input throws a one-line PackagingError quoting the input", arguments: cases)
    func badInput(kind: ParserKind, input: String, message: String) {
        let error: PackagingError?
        do {
            switch kind {
            case .requirement: _ = try Requirement(input)
            case .marker: _ = try Marker(input)
            case .version: _ = try Version(input)
            case .specifier: _ = try Specifier(input)
            case .specifierSet: _ = try SpecifierSet(input)
            }
            error = nil
        } catch let caught {
            error = caught
        }
        #expect(error?.description == message)
        #expect(error?.description.contains("\n") == false)
    }

    @Test func errorsAreEquatable() {
        #expect(PackagingError("x") == PackagingError("x"))
        #expect(PackagingError("x") != PackagingError("y"))
    }

    @Test func hugeNumbersThrowInsteadOfOverflowing() throws {
        #expect(throws: PackagingError.self) { try Version("99999999999999999999999") }
        #expect(try Version("1.0+99999999999999999999999").local == "99999999999999999999999")
        #expect(
            PlatformTag("manylinux_99999999999999999999_1_x86_64") == .other("manylinux_99999999999999999999_1_x86_64"))
    }
}
