"""Validates CycloneDX 1.5 JSON SBOMs against the specification's JSON schema.

Usage: python3 misc/validate-sbom.py FILE...   (exit 0 when every file is valid, 1 otherwise)

Uses the strict JSON validator of cyclonedx-python-lib, which misc/setup.sh installs into
.tools/cyclonedx (found there, or on sys.path). Prints one line per file: "valid", or the
schema's complaint.
"""

import os
import sys

tools = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".tools", "cyclonedx")
if os.path.isdir(tools):
    sys.path.insert(0, tools)

try:
    from cyclonedx.schema import SchemaVersion
    from cyclonedx.validation.json import JsonStrictValidator
except ImportError as exc:
    sys.exit("validate-sbom: cyclonedx-python-lib is not installed (%s); run misc/setup.sh" % exc)


def main(paths):
    if not paths:
        sys.exit("usage: validate-sbom.py FILE...")
    validator = JsonStrictValidator(SchemaVersion.V1_5)
    invalid = 0
    for path in paths:
        with open(path, encoding="utf-8") as stream:
            error = validator.validate_str(stream.read())
        if error is None:
            print("%s: valid" % path)
        else:
            invalid += 1
            print("%s: INVALID: %s" % (path, str(error).splitlines()[0]))
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
