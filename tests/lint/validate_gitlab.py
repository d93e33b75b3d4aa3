#!/usr/bin/python3
"""Validates a GitLab Code Quality report: the JSON schema written from GitLab's
documentation (gitlab-codequality.schema.json, python3-jsonschema), plus what a
schema cannot say: fingerprints are unique in the report (GitLab drops
duplicates).

usage: validate_gitlab.py SCHEMA REPORT
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator_class(schema).iter_errors(doc)]
if isinstance(doc, list):
    seen = {}
    for i, issue in enumerate(doc):
        fp = issue.get("fingerprint") if isinstance(issue, dict) else None
        if fp in seen:
            errors.append(f"{i}: fingerprint {fp} repeats issue {seen[fp]}")
        seen.setdefault(fp, i)
for e in errors[:20]:
    print(e, file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{sys.argv[2]}: valid GitLab Code Quality report ({len(doc)} issues)")
