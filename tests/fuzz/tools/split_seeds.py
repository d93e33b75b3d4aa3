#!/usr/bin/python3
"""Cuts SQL files into one-statement seeds where govern's analyzer says the
statements start (docs/fuzzing.md). Seeds over MAX_BYTES and duplicates are
dropped; each seed is named after its source: DIR__SUBDIR__FILE__N.sql.

usage: split_seeds.py GOVERN CORPUS_ROOT OUT_DIR MAX_BYTES FILE...
"""
import hashlib
import json
import os
import subprocess
import sys

govern, root, out, max_bytes, files = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
seen = set()
for path in files:
    data = open(path, 'rb').read()
    r = subprocess.run([govern, 'analyze', path], capture_output=True)
    try:
        doc = json.loads(r.stdout)
    except ValueError:
        continue
    line_starts = [0] + [i + 1 for i, b in enumerate(data) if b == 10]
    starts = sorted({line_starts[s['line'] - 1] + s['column'] - 1 for s in doc.get('statements', [])})
    starts.append(len(data))
    name = os.path.splitext(os.path.relpath(path, root).replace('/', '__'))[0]
    for k in range(len(starts) - 1):
        piece = data[starts[k]:starts[k + 1]].strip()
        if not piece or len(piece) > max_bytes:
            continue
        key = hashlib.sha1(piece).hexdigest()
        if key in seen:
            continue
        seen.add(key)
        with open(os.path.join(out, f"{name}__{k:04d}.sql"), 'wb') as f:
            f.write(piece + b'\n')
