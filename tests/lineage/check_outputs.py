#!/usr/bin/env python3
"""Structural checks of `govern lineage` outputs (tests/lineage/run_lineage_tests.sh).

usage: check_outputs.py json SCHEMA FILE      JSON valid against the schema and self-consistent
       check_outputs.py mermaid FILE          a GitHub Mermaid `flowchart LR` in the subset govern writes
"""
import json
import re
import sys


def fail(msg):
    print(msg, file=sys.stderr)
    sys.exit(1)


def check_json(schema_path, path):
    import jsonschema
    doc = json.load(open(path, encoding="utf-8"))
    jsonschema.validate(doc, json.load(open(schema_path, encoding="utf-8")))
    ids = [n["id"] for n in doc["nodes"]]
    if len(ids) != len(set(ids)):
        fail("duplicate node ids")
    rel_names = [r["name"] for r in doc["relations"]]
    if rel_names != sorted(rel_names):
        fail("relations not sorted")
    listed = [c for r in doc["relations"] for c in r["columns"]]
    if sorted(listed) != sorted(ids):
        fail("relations do not list exactly the nodes")
    for n in doc["nodes"]:
        if n["relation"] not in rel_names or not n["declared_tags"] + n["derived_tags"]:
            fail(f"node {n['id']}: unknown relation or no tag")
    keys = [(e["from"], e["to"], e["file"], e["line"]) for e in doc["edges"]]
    if keys != sorted(keys) or len(keys) != len(set(keys)):
        fail("edges not sorted or duplicated")
    touched = set()
    tags = set()
    for e in doc["edges"]:
        if e["from"] not in ids or e["to"] not in ids:
            fail(f"edge {e['from']} -> {e['to']}: unknown node")
        if e["where"] != f"{e['file']}:{e['line']}":
            fail(f"edge where {e['where']} is not file:line")
        touched |= {e["from"], e["to"]}
        tags |= set(e["tags"])
    if touched != set(ids):
        fail("a node is on no edge")
    for n in doc["nodes"]:
        tags |= set(n["declared_tags"]) | {d["tag"] for d in n["derived_tags"]}
    if doc["tags"] != sorted(tags):
        fail("tags is not the sorted union of node and edge tags")


LABEL = r'"[^"\n]*"'
NODE_ID = r"n[0-9]+"


def check_mermaid(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    if lines[0] != "flowchart LR":
        fail("first line is not `flowchart LR`")
    if lines[-1] != "":
        fail("no final newline")
    declared = set()
    depth = 0
    patterns = {
        "comment": re.compile(r"  %%[^\n]*"),
        "subgraph": re.compile(rf"  subgraph r[0-9]+\[{LABEL}\]"),
        "end": re.compile(r"  end"),
        "node": re.compile(rf"    ({NODE_ID})\[{LABEL}\]"),
        "edge": re.compile(rf"  ({NODE_ID}) -->\|{LABEL}\| ({NODE_ID})"),
        "classDef": re.compile(r"  classDef (declared|derived) [a-z-]+:[#0-9a-z ]+(,[a-z-]+:[#0-9a-z ]+)*"),
        "class": re.compile(rf"  class {NODE_ID}(,{NODE_ID})* (declared|derived)"),
    }
    for number, line in enumerate(lines[1:-1], 2):
        kind = next((k for k, p in patterns.items() if p.fullmatch(line)), None)
        if kind is None:
            fail(f"line {number}: not flowchart syntax govern writes: {line!r}")
        for label in re.findall(LABEL, line):
            # Inside a label only entity codes may start with '#', and no
            # character the flowchart parser or the HTML renderer reads.
            body = label[1:-1].replace("<br/>", "")
            if re.search(r"[<>|`]", body) or re.search(r"#(?![a-z]+;|[0-9]+;)", body):
                fail(f"line {number}: unescaped character in label {label}")
        if kind == "subgraph":
            depth += 1
        elif kind == "end":
            depth -= 1
        elif kind == "node":
            if depth != 1:
                fail(f"line {number}: node outside its relation's subgraph")
            declared.add(patterns["node"].fullmatch(line).group(1))
        elif kind == "edge":
            m = patterns["edge"].fullmatch(line)
            if m.group(1) not in declared or m.group(2) not in declared:
                fail(f"line {number}: edge between undeclared nodes")
        elif kind == "class":
            for node in line.split()[1].split(","):
                if node not in declared:
                    fail(f"line {number}: class on an undeclared node")
    if depth != 0:
        fail("unbalanced subgraph/end")


if __name__ == "__main__":
    if sys.argv[1] == "json":
        check_json(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "mermaid":
        check_mermaid(sys.argv[2])
    else:
        fail(__doc__)
