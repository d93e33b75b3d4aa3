#!/usr/bin/python3
"""Validates a SARIF file against the SARIF 2.1.0 JSON schema (python3-jsonschema).

usage: validate_sarif.py SCHEMA SARIF_FILE
"""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
validator_class = jsonschema.validators.validator_for(schema)
validator_class.check_schema(schema)
errors = sorted(validator_class(schema).iter_errors(doc), key=lambda e: list(e.path))
for e in errors[:20]:
    print(f"{'/'.join(map(str, e.path))}: {e.message}", file=sys.stderr)
if errors:
    sys.exit(1)
print(f"{sys.argv[2]}: valid SARIF 2.1.0 ({len(doc['runs'][0]['results'])} results)")
