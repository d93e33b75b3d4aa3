#!/usr/bin/python3
"""Checks a JUnit XML report: well-formed (python's XML parser), the structure
CI servers read (testsuites > testsuite > testcase with classname and name;
at most one failure or error per test case), and counts that add up
(tests/failures/errors of each suite and of the root equal what it holds).
With --failures N, the report must hold N failing test cases.

usage: validate_junit.py REPORT [--failures N]
"""
import sys
import xml.etree.ElementTree as ET

errors = []
root = ET.parse(sys.argv[1]).getroot()
if root.tag != "testsuites":
    errors.append(f"root is <{root.tag}>, not <testsuites>")
totals = {"tests": 0, "failures": 0, "errors": 0}
for suite in root:
    if suite.tag != "testsuite":
        errors.append(f"<{suite.tag}> inside <testsuites>")
        continue
    counts = {"tests": 0, "failures": 0, "errors": 0}
    for case in suite:
        if case.tag != "testcase":
            errors.append(f"<{case.tag}> inside <testsuite>")
            continue
        counts["tests"] += 1
        if not case.get("classname") or not case.get("name"):
            errors.append(f"test case without classname/name in {suite.get('name')}")
        kids = [k.tag for k in case]
        if kids.count("failure") + kids.count("error") > 1:
            errors.append(f"{case.get('name')}: several failure/error elements")
        counts["failures"] += kids.count("failure")
        counts["errors"] += kids.count("error")
        for k in case:
            if k.tag not in ("failure", "error", "system-out", "skipped"):
                errors.append(f"<{k.tag}> inside <testcase>")
            if k.tag in ("failure", "error") and not k.get("message"):
                errors.append(f"{case.get('name')}: {k.tag} without message")
    for key, value in counts.items():
        if suite.get(key) != str(value):
            errors.append(f"suite {suite.get('name')}: {key}={suite.get(key)}, holds {value}")
        totals[key] += value
for key, value in totals.items():
    if root.get(key) != str(value):
        errors.append(f"testsuites: {key}={root.get(key)}, holds {value}")
if len(sys.argv) > 3 and sys.argv[2] == "--failures" and totals["failures"] != int(sys.argv[3]):
    errors.append(f"{totals['failures']} failures, wanted {sys.argv[3]}")
for e in errors[:20]:
    print(e, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{sys.argv[1]}: valid JUnit XML ({totals['tests']} tests, {totals['failures']} failures)")
