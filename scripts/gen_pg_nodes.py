#!/usr/bin/env python3
"""Generates runtime/sql/pg_raw_tables.cpp: how libpg_query writes each
PostgreSQL parse node as JSON, with the byte offsets of its fields in the
library's own structs, so govern can read (and re-serialize) raw parse trees
from pg_query_raw_parse without the JSON writer.

usage: scripts/gen_pg_nodes.py MIRROR [TAG] > runtime/sql/pg_raw_tables.cpp

MIRROR is a git clone of https://github.com/pganalyze/libpg_query and TAG the
release govern links (Debian's libpg-query-dev: 15-4.0.0). The script reads
the release's generated JSON writer (src/pg_query_outfuncs_defs.c: the fields
of every node in the order the JSON has them and how each is written;
src/pg_query_outfuncs_conds.c: which node tags are written, under which name;
src/pg_query_enum_defs.c: the enums written by name), compiles a small C
program against the release's vendored PostgreSQL headers with the host's cc
to take offsetof/sizeof of every field and the value of every tag and enum
constant, and prints the tables. Nothing of PostgreSQL's headers is copied.
The tables are proven exact by tests/unit/runtime/pg_raw_test.cpp (the raw
tree re-serialized from them equals pg_query_parse's JSON byte for byte).
"""
import os
import re
import subprocess
import sys
import tarfile
import io
import tempfile

KINDS = {
    "INT": "kInt", "UINT": "kUInt", "LONG": "kLong", "CHAR": "kChar", "ENUM": "kEnum", "FLOAT": "kFloat",
    "BOOL": "kBool", "STRING": "kString", "LIST": "kList", "NODE_PTR": "kNodePtr", "NODE": "kNode",
    "SPECIFIC_NODE": "kSpecificNode", "SPECIFIC_NODE_PTR": "kSpecificNodePtr", "BITMAPSET": "kBitmapset",
}
# Written by hand in src/pg_query_outfuncs_json.c, not from the defs.
SPECIAL = {"Integer": "kInteger", "Boolean": "kBoolean", "Float": "kFloat", "String": "kString",
           "BitString": "kBitString", "List": "kList", "IntList": "kIntList", "OidList": "kOidList",
           "A_Const": "kAConst"}
# The fields those hand-written writers read: (constant, struct, field).
SPECIAL_FIELDS = [("kIntegerIval", "Integer", "ival"), ("kBooleanBoolval", "Boolean", "boolval"),
                  ("kFloatFval", "Float", "fval"), ("kStringSval", "String", "sval"),
                  ("kBitStringBsval", "BitString", "bsval"), ("kAConstVal", "A_Const", "val"),
                  ("kAConstIsnull", "A_Const", "isnull"), ("kAConstLocation", "A_Const", "location"),
                  ("kListLength", "List", "length"), ("kListElements", "List", "elements")]


def git_show(mirror, tag, path):
    return subprocess.run(["git", "-C", mirror, "show", f"{tag}:{path}"], check=True, capture_output=True,
                          text=True).stdout


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    mirror = sys.argv[1]
    tag = sys.argv[2] if len(sys.argv) > 2 else "15-4.0.0"
    defs = git_show(mirror, tag, "src/pg_query_outfuncs_defs.c")
    conds = git_show(mirror, tag, "src/pg_query_outfuncs_conds.c")
    enum_defs = git_show(mirror, tag, "src/pg_query_enum_defs.c")

    # tag -> (json name, C struct, writer function suffix)
    written = []
    for m in re.finditer(r"case (T_\w+):\s*OUT_NODE\((\w+), (\w+), \w+, \w+, (\w+), \w+\);", conds):
        written.append((m.group(1), m.group(2), m.group(4), m.group(3)))

    # writer suffix -> (C struct, [(kind, json name, C field, type arg)])
    writers = {}
    for m in re.finditer(r"^_out(\w+)\(OUT_TYPE\(\w+, \w+\) out, const (\w+) \*node\)\n\{\n(.*?)^\}",
                         defs, re.S | re.M):
        fields = []
        for line in m.group(3).splitlines():
            f = re.match(r"\s*WRITE_(\w+)_FIELD\((.*)\);", line)
            if not f:
                continue
            kind, args = f.group(1), [a.strip() for a in f.group(2).split(",")]
            if kind not in KINDS:
                sys.exit(f"unknown field kind WRITE_{kind}_FIELD in _out{m.group(1)}")
            if kind == "ENUM":
                fields.append((kind, args[2], args[3], args[0]))
            elif kind in ("SPECIFIC_NODE", "SPECIFIC_NODE_PTR"):
                fields.append((kind, args[3], args[4], args[0]))
            else:
                fields.append((kind, args[1], args[2], ""))
        writers[m.group(1)] = (m.group(2), fields)

    enums = {}
    for m in re.finditer(r"_enumToString(\w+)\(\w+ value\) \{\n  switch\(value\) \{\n(.*?)\n  \}", enum_defs, re.S):
        enums[m.group(1)] = re.findall(r"case (\w+): return", m.group(2))

    # Types: every written tag, plus structs only reached as specific fields.
    types = []  # (json name, C struct, writer suffix, tag or None)
    seen = set()
    for t, name, struct, suffix in written:
        types.append((name, struct, suffix, t))
        seen.add(suffix)
    pending = [f[3] for _, (_, fs) in writers.items() for f in fs if f[0].startswith("SPECIFIC")]
    while pending:
        suffix = pending.pop()
        if suffix in seen:
            continue
        seen.add(suffix)
        struct, fs = writers[suffix]
        types.append((suffix, struct, suffix, None))
        pending += [f[3] for f in fs if f[0].startswith("SPECIFIC")]
    type_index = {t[2]: i for i, t in enumerate(types)}
    used_enums = sorted({f[3] for t in types if t[2] in writers for f in writers[t[2]][1] if f[0] == "ENUM"})

    # Offsets, sizes, tag and enum values from the release's own headers.
    with tempfile.TemporaryDirectory() as tmp:
        archive = subprocess.run(["git", "-C", mirror, "archive", tag, "src/postgres/include"], check=True,
                                 capture_output=True).stdout
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(tmp)
        inc = os.path.join(tmp, "src/postgres/include")
        # The includes of the release's src/pg_query_outfuncs_json.c.
        prog = ['#include "postgres.h"', '#include "access/relation.h"', '#include "nodes/parsenodes.h"',
                '#include "nodes/plannodes.h"', '#include "nodes/value.h"', '#include "utils/datum.h"',
                '#include <stdio.h>', "#include <stddef.h>", "#undef printf", "int main(void) {",
                'printf("version %d\\n", PG_VERSION_NUM);']
        for name, struct, suffix, t in types:
            prog.append(f'printf("size {suffix} %zu\\n", sizeof({struct}));')
            if t:
                prog.append(f'printf("tag {suffix} %d\\n", (int){t});')
            for kind, jname, cfield, arg in (writers[suffix][1] if suffix in writers else []):
                prog.append(f'printf("field {suffix} {cfield} %zu %zu\\n", offsetof({struct}, {cfield}), '
                            f"sizeof((({struct}*)0)->{cfield}));")
        for const, struct, field in SPECIAL_FIELDS:
            prog.append(f'printf("special {const} %zu %zu\\n", offsetof({struct}, {field}), '
                        f"sizeof((({struct}*)0)->{field}));")
        for e in used_enums:
            for c in enums[e]:
                prog.append(f'printf("enum {e} {c} %d\\n", (int){c});')
        prog.append("return 0; }")
        src = os.path.join(tmp, "offsets.c")
        with open(src, "w") as f:
            f.write("\n".join(prog) + "\n")
        exe = os.path.join(tmp, "offsets")
        subprocess.run(["cc", "-w", "-I", inc, src, "-o", exe], check=True)
        out = subprocess.run([exe], check=True, capture_output=True, text=True).stdout

    version = 0
    sizes, tags, offsets, enum_values, special = {}, {}, {}, {}, {}
    for line in out.splitlines():
        p = line.split()
        if p[0] == "version":
            version = int(p[1])
        elif p[0] == "size":
            sizes[p[1]] = int(p[2])
        elif p[0] == "tag":
            tags[p[1]] = int(p[2])
        elif p[0] == "field":
            offsets[(p[1], p[2])] = (int(p[3]), int(p[4]))
        elif p[0] == "special":
            special[p[1]] = (int(p[2]), int(p[3]))
        elif p[0] == "enum":
            enum_values.setdefault(p[1], []).append((int(p[3]), p[2]))

    w = sys.stdout.write
    w(f"// GENERATED by scripts/gen_pg_nodes.py from libpg_query {tag} (pganalyze/libpg_query,\n")
    w("// BSD-3-Clause; PostgreSQL's node definitions, PostgreSQL License). Do not edit:\n")
    w(f"//   scripts/gen_pg_nodes.py LIBPG_QUERY_CLONE {tag} > runtime/sql/pg_raw_tables.cpp\n")
    w("// Proven by tests/unit/runtime/pg_raw_test.cpp (byte-identical JSON).\n")
    w('#include "sql/pg_raw_tables.h"\n\nnamespace govern::sql::raw {\n\n')
    w(f"const int kPgVersionNum = {version};\n")
    for const, struct, field in SPECIAL_FIELDS:
        w(f"const FieldAt {const} = {{{special[const][0]}, {special[const][1]}}};  // {struct}.{field}\n")
    w("\n")
    w("const EnumName kEnumNames[] = {\n")
    enum_ranges = {}
    n = 0
    for e in used_enums:
        vals = sorted(enum_values[e])
        enum_ranges[e] = (n, len(vals))
        for v, c in vals:
            w(f'    {{{v}, "{c}"}},\n')
            n += 1
    w("};\n\nconst EnumDef kEnums[] = {\n")
    enum_index = {}
    for i, e in enumerate(used_enums):
        enum_index[e] = i
        w(f'    {{"{e}", {enum_ranges[e][0]}, {enum_ranges[e][1]}}},\n')
    w("};\n\nconst FieldDef kFields[] = {\n")
    first = {}
    n = 0
    for name, struct, suffix, t in types:
        first[suffix] = n
        for kind, jname, cfield, arg in (writers[suffix][1] if suffix in writers else []):
            off, size = offsets[(suffix, cfield)]
            aux = enum_index[arg] if kind == "ENUM" else type_index[arg] if kind.startswith("SPECIFIC") else 0
            w(f'    {{"{jname}", {len(jname)}, FieldKind::{KINDS[kind]}, {size}, {off}, {aux}}},  // {struct}.{cfield}\n')
            n += 1
    w("};\n\nconst TypeDef kTypes[] = {\n")
    for name, struct, suffix, t in types:
        count = len(writers[suffix][1]) if suffix in writers else 0
        special = SPECIAL.get(name, "kNone") if suffix not in writers else "kNone"
        w(f'    {{"{name}", {len(name)}, {tags.get(suffix, -1)}, {first[suffix]}, {count}, '
          f"Special::{special}, {sizes[suffix]}}},\n")
    w("};\n\n")
    w(f"const size_t kTypeCount = {len(types)};\n")
    w(f"const size_t kFieldCount = {n};\n")
    w(f"const size_t kEnumCount = {len(used_enums)};\n\n")
    w("}  // namespace govern::sql::raw\n")


if __name__ == "__main__":
    main()
