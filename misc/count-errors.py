#!/usr/bin/env python3
"""Counts the error types declared in Sources/ and the catch blocks that throw again.

Usage: python3 misc/count-errors.py [REPOSITORY] [--files]

An error type is a struct, enum or class whose inheritance clause names Error. A
catch-and-rethrow site is a `catch` block whose body contains `throw` (rewording, wrapping or
cleaning up before passing the error on). docs/architecture.md#errors explains why few are
left. With --files, the sites are listed per file.
"""
import os
import re
import sys

TYPE = re.compile(
    r"^\s*(?:public |package |fileprivate |private )?(?:struct|enum|class) \w+[^{\n]*:[^{\n]*\bError\b", re.M)
CATCH = re.compile(r"\bcatch\b[^{]*\{")


def block_end(text, start):
    """The index just past the brace that closes the block opened before `start`."""
    depth = 1
    index = start
    while depth and index < len(text):
        if text[index] == "{":
            depth += 1
        elif text[index] == "}":
            depth -= 1
        index += 1
    return index


def main():
    arguments = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = arguments[0] if arguments else os.path.join(os.path.dirname(__file__), "..")
    types = 0
    sites = {}
    for folder, _, files in os.walk(os.path.join(root, "Sources")):
        for name in sorted(files):
            if not name.endswith(".swift"):
                continue
            path = os.path.join(folder, name)
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
            types += len(TYPE.findall(text))
            for match in CATCH.finditer(text):
                body = text[match.end():block_end(text, match.end())]
                if re.search(r"\bthrow\b", body):
                    relative = os.path.relpath(path, root)
                    sites[relative] = sites.get(relative, 0) + 1
    print(f"error types: {types}")
    print(f"catch blocks that throw again: {sum(sites.values())}")
    if "--files" in sys.argv:
        for path, count in sorted(sites.items(), key=lambda item: (-item[1], item[0])):
            print(f"  {count:3} {path}")


if __name__ == "__main__":
    main()
