#!/usr/bin/python3
"""govern(1) follows `govern --help`: every subcommand (nested ones too, e.g.
`catalog discover`) has its own `.SS "govern NAME"` section, every long
option its --help lists appears in that section, and the version in .TH is
`govern --version`'s.

usage: man_check.py GOVERN MAN_PAGE
"""
import re
import subprocess
import sys

govern, page = sys.argv[1], sys.argv[2]
text = open(page).read()
errors = []


def help_of(path):
    return subprocess.run([govern, *path, "--help"], capture_output=True, text=True, check=True).stdout


def subcommands(help_text):
    out, on = [], False
    for line in help_text.splitlines():
        if line.startswith("Subcommands:"):
            on = True
        elif line and not line.startswith(" "):
            on = False
        elif on and re.match(r"^  [a-z]", line):
            out.append(line.split()[0])
    return out


def options(help_text):
    names = set()
    for line in help_text.splitlines():
        m = re.match(r"^  (-\S+)", line)
        if m:
            names.update(o for o in m.group(1).split(",") if o.startswith("--"))
    names.discard("--help")
    return sorted(names)


sections = {}
for m in re.finditer(r'^\.SS "([^"]+)"\n(.*?)(?=^\.S[SH] |\Z)', text, re.M | re.S):
    sections[m.group(1)] = m.group(2).replace("\\-", "-")

checked = 0
queue = [[s] for s in subcommands(help_of([]))]
while queue:
    path = queue.pop(0)
    h = help_of(path)
    subs = subcommands(h)
    if subs:  # a group (catalog, identity): its subcommands have the sections
        queue.extend(path + [s] for s in subs)
        continue
    name = "govern " + " ".join(path)
    checked += 1
    if name not in sections:
        errors.append(f'{page}: no section .SS "{name}" for `{name}` (govern --help lists it)')
        continue
    for opt in options(h):
        if opt not in sections[name]:
            errors.append(f"{page}: section {name} does not document {opt}")
version = subprocess.run([govern, "--version"], capture_output=True, text=True).stdout.split()[-1]
th = re.search(r'^\.TH \S+ \S+ "[^"]*" "govern ([^"]+)"', text, re.M)
if not th or th.group(1) != version:
    errors.append(f"{page}: .TH names version {th.group(1) if th else '?'}, govern --version says {version}")
for e in errors:
    print(e, file=sys.stderr)
print(f"man page: {checked} commands checked, {len(errors)} problems")
sys.exit(1 if errors else 0)
