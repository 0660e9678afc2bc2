#!/usr/bin/env python3
"""The layout's rules, checked on the sources (docs/ARCHITECTURE.md draws them).

1. A target imports only the targets (and frameworks) it may: `Web` neither `Storage` nor
   `Telephony`, the core no framework at all, and so on (ALLOWED below).
2. SQL is written only in `Storage`: no SQL statement in a string, and no `import SQLKit`,
   outside it.
3. A file is named after a type it holds (`struct/class/enum/actor/protocol Name`, or for
   `Name+Topic.swift` an extension of Name).
4. No source file over 600 lines without a line `// Long because: …` near its top saying why.

Issue 15 moved the layout into this shape and emptied KNOWN, the list of allowed breaks. A
new break fails, and so does a listed one that no longer occurs — the list only shrinks.
Run: `python3 Scripts/check_architecture.py` (CI runs it).
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOURCES = ROOT / "Sources"

# What each production target may import. Frameworks are named; `libc` stands for
# Glibc/Musl/Darwin, which the core and the numeric targets use for `log` and `exp`.
LIBC = {"Glibc", "Musl", "Darwin"}
NIO = {"NIOCore", "NIOPosix", "NIOConcurrencyHelpers", "NIOSSL"}
ALLOWED = {
    "SwitchboardCore": LIBC,
    "Staffing": {"SwitchboardCore"} | LIBC,
    "Simulation": {"SwitchboardCore"} | LIBC,
    "Storage": {"SwitchboardCore", "Foundation", "SQLKit", "SQLiteKit", "PostgresKit", "Logging", "Metrics"} | NIO,
    "Telephony": {"SwitchboardCore", "Foundation", "Crypto", "HeapModule", "Logging"} | NIO,
    "Organisation": {"SwitchboardCore", "Storage", "Foundation", "Crypto", "HummingbirdBcrypt", "NIOPosix", "Synchronization"},
    "ContactCenter": {"SwitchboardCore", "Storage", "Foundation"},
    "Calls": {"SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Telephony", "Foundation"},
    "Floor": {"SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Foundation"},
    "Demo": {"SwitchboardCore", "Storage", "Organisation", "ContactCenter", "Foundation"},
    "WhatIf": {"SwitchboardCore", "Storage", "Organisation", "Simulation", "Foundation"},
    "Web": {
        "SwitchboardCore", "Organisation", "ContactCenter", "Calls", "Floor", "Staffing", "Foundation", "Hummingbird", "Logging", "Metrics",
        "Prometheus", "ServiceLifecycle", "Crypto", "Mustache",
    },
}
# The composition root and the benchmarks may import anything.
UNCHECKED = {"switchboard"}

SQL = re.compile(
    r'"[^"\n]*\b(SELECT\s+.+\s+FROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|(CREATE|ALTER|DROP)\s+(UNIQUE\s+)?(TABLE|INDEX))\b'
    r'|^\s*(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\S+\s+SET|DELETE\s+FROM|(CREATE|ALTER|DROP)\s+(UNIQUE\s+)?(TABLE|INDEX))\b[^\n]*$',
    re.M)
ATTRIBUTES = r'^\s*(?:@\w+(?:\([^)]*\))?\s+)*'
MODIFIERS = r'(?:(?:public|internal|fileprivate|private|package|open|final|indirect|nonisolated|distributed)\s+)*'
TYPE = re.compile(ATTRIBUTES + MODIFIERS + r'(?:struct|class|enum|actor|protocol)\s+(\w+)', re.M)
EXTENSION = re.compile(ATTRIBUTES + MODIFIERS + r'extension\s+(\w+)', re.M)
IMPORT = re.compile(ATTRIBUTES + r'(?:(?:public|internal|package|private|fileprivate)\s+)?import\s+(?:(?:struct|class|enum|protocol|typealias|func|var|let)\s+)?(\w+)', re.M)
LONG = 600

# (rule, file) pairs allowed to break a rule for now. Empty since issue 15: keep it so, and say
# why in the commit that adds one.
KNOWN: set[tuple[str, str]] = set()


def breaks():
    """Every (rule, file, detail) that breaks a rule now."""
    found = []
    for target_dir in sorted(p for p in SOURCES.iterdir() if p.is_dir()):
        target = target_dir.name
        for path in sorted(target_dir.rglob("*.swift")):
            rel = str(path.relative_to(ROOT))
            text = path.read_text(encoding="utf-8")
            if target not in UNCHECKED:
                allowed = ALLOWED.get(target)
                if allowed is None:
                    found.append(("unknown target", rel, f"{target} has no entry in ALLOWED: say what it may import"))
                    allowed = set()
                for module in IMPORT.findall(text):
                    if module not in allowed:
                        found.append((f"import {module}", rel, f"{target} may not import {module}"))
            if target != "Storage":
                for match in SQL.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.append(("sql", rel, f"SQL outside Storage at line {line}: {match.group(0).strip()[:60]}"))
            name = path.stem
            base, _, _ = name.partition("+")
            types = set(TYPE.findall(text))
            extended = set(EXTENSION.findall(text))
            if not (base in types or ("+" in name and base in extended)):
                found.append(("file name", rel, f"{path.name} holds no type {base} ({', '.join(sorted(types | extended)) or 'none'})"))
            lines = text.count("\n")
            if lines > LONG and "// Long because:" not in "\n".join(text.splitlines()[:40]):
                found.append(("long file", rel, f"{lines} lines and no `// Long because:` near the top"))
    return found


def main():
    found = breaks()
    keys = {(rule, rel) for rule, rel, _ in found}
    new = [f for f in found if (f[0], f[1]) not in KNOWN]
    stale = sorted(KNOWN - keys)
    for rule, rel, detail in new:
        print(f"NEW  {rel}: {detail}")
    for rule, rel in stale:
        print(f"FIXED {rel}: '{rule}' no longer breaks a rule — remove it from KNOWN in {pathlib.Path(__file__).name}")
    known = len(KNOWN) - len(stale)
    print(f"architecture: {len(new)} new breaks, {len(stale)} fixed but still listed, {known} known breaks left (issue 15)")
    return 1 if new or stale else 0


if __name__ == "__main__":
    sys.exit(main())
