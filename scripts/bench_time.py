#!/usr/bin/env python3
"""Times whole commands like `hyperfine -N -i --export-json` (used when hyperfine is missing).

usage: bench_time.py OUT.json RUNS "NAME=COMMAND" ["NAME=COMMAND" ...]
One untimed warm-up run per command, then RUNS timed runs; exit codes ignored.
Writes {"results":[{"command","mean","median","min","max","times"}]} in seconds.
"""
import json
import shlex
import statistics
import subprocess
import sys
import time


def main():
    out, runs, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    results = []
    for named in commands:
        name, _, command = named.partition("=")
        argv = shlex.split(command)
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times = []
        for _ in range(runs):
            t0 = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times.append(time.perf_counter() - t0)
        results.append({"command": name, "full_command": command, "mean": statistics.mean(times), "median": statistics.median(times),
                        "min": min(times), "max": max(times), "times": times})
        print("%-60.60s %8.3f s" % (command, statistics.median(times)), file=sys.stderr)
    json.dump({"results": results}, open(out, "w"), indent=1)


if __name__ == "__main__":
    main()
