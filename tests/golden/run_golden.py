#!/usr/bin/env python3
"""Golden tests with the expectation inside each test file.

A golden file is a policy file whose first line says what to run:
    # golden: check     -> `govern check FILE`: exit code + diagnostics
    # golden: inspect   -> `govern build` + `govern inspect`: the disassembly
and whose expected output follows a `# ---- expect ----` line, every line
prefixed with `# `. The policy part alone is copied to a temporary directory
and run there under the file's own name, so paths and hashes are stable.

    run_golden.py --govern build/cli/govern tests/golden/policy [--update]
"""
import argparse
import os
import pathlib
import subprocess
import sys
import tempfile

MARK = "# ---- expect ----"


def split(text):
    if MARK not in text:
        return text, None
    head, _, tail = text.partition(MARK + "\n")
    expected = []
    for line in tail.splitlines():
        expected.append(line[2:] if line.startswith("# ") else line[1:] if line.startswith("#") else line)
    return head, "\n".join(expected).rstrip("\n") + "\n"


def run(govern, mode, name, policy, sub):
    env = dict(os.environ, NO_COLOR="1")
    with tempfile.TemporaryDirectory(dir=sub) as tmp:
        pathlib.Path(tmp, name).write_text(policy)
        if mode == "check":
            p = subprocess.run([govern, "check", name], cwd=tmp, capture_output=True, text=True, env=env, timeout=60)
            return f"exit: {p.returncode}\n{p.stderr}"
        if mode == "inspect":
            b = subprocess.run([govern, "build", name, "-o", "out.bundle"], cwd=tmp, capture_output=True, text=True,
                               env=env, timeout=60)
            if b.returncode != 0:
                return f"build failed: exit {b.returncode}\n{b.stderr}"
            p = subprocess.run([govern, "inspect", "out.bundle"], cwd=tmp, capture_output=True, text=True, env=env,
                               timeout=60)
            lines = [l for l in p.stdout.splitlines() if not l.startswith("sha256:")]
            return "\n".join(lines) + "\n"
    raise SystemExit(f"unknown golden mode {mode!r}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--govern", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("dir")
    args = ap.parse_args()
    files = sorted(pathlib.Path(args.dir).glob("*.policy"))
    if not files:
        print(f"no golden files in {args.dir}", file=sys.stderr)
        return 1
    passed = failed = 0
    with tempfile.TemporaryDirectory() as sub:
        for f in files:
            text = f.read_text()
            first = text.splitlines()[0] if text else ""
            if not first.startswith("# golden: "):
                print(f"{f}: first line must be `# golden: check|inspect`", file=sys.stderr)
                failed += 1
                continue
            mode = first[len("# golden: "):].strip()
            policy, expected = split(text)
            actual = run(os.path.abspath(args.govern), mode, f.name, policy, sub)
            if args.update:
                body = "\n".join(("# " + l) if l else "#" for l in actual.rstrip("\n").splitlines())
                f.write_text(policy + MARK + "\n" + body + "\n")
                passed += 1
                continue
            if expected == actual:
                passed += 1
            else:
                failed += 1
                import difflib
                diff = difflib.unified_diff((expected or "").splitlines(), actual.splitlines(), "expected", "actual",
                                            lineterm="")
                print(f"FAIL {f}\n" + "\n".join(diff), file=sys.stderr)
    print(f"golden: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
