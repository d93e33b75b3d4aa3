#!/usr/bin/env python3
"""Regenerates the instruction table of docs/bytecode.md from opcodes.def.

    scripts/gen_bytecode_doc.py          rewrite the table in place
    scripts/gen_bytecode_doc.py --check  exit 1 when the doc is out of date
"""
import pathlib
import re
import sys

root = pathlib.Path(__file__).resolve().parent.parent
doc_path = root / "docs" / "bytecode.md"
ops = []
for line in (root / "runtime" / "bytecode" / "opcodes.def").read_text().splitlines():
    m = re.match(r'GOVERN_OP\((\w+),\s*(\d+),\s*(\w+),\s*"([^"]*)",\s*"([^"]*)",\s*"(.*)"\)', line.strip())
    if m:
        ops.append(m.groups())
rows = []
for name, number, operand, pops, push, semantics in ops:
    semantics = semantics.replace("|", "\\|").replace('\\"', '"')
    rows.append(f"| {number} | `{name}` | {operand[1:]} | `{pops or '-'}` | `{push or '-'}` | {semantics} |")
table = "\n".join(rows)
begin, end = "<!-- opcodes:begin -->", "<!-- opcodes:end -->"
doc = doc_path.read_text()
head, rest = doc.split(begin)
_, tail = rest.split(end)
new = f"{head}{begin}\n| number | name | operand | pops | pushes | semantics |\n|---|---|---|---|---|---|\n{table}\n{end}{tail}"
if "--check" in sys.argv:
    if new != doc:
        print("docs/bytecode.md is out of date: run scripts/gen_bytecode_doc.py", file=sys.stderr)
        sys.exit(1)
    sys.exit(0)
doc_path.write_text(new)
