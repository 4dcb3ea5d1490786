#!/usr/bin/env python3
"""Whole-process planning time of one or two meridian binaries, paired.

    python3 benches/whole_process.py NEW [OLD] [--runs N] [SPEC ...]

Runs `BIN plan SPEC --format json` for each spec, the binaries in turn
(NEW, OLD, NEW, OLD, ...: the machine's speed drifts, so both see the same
drift), and prints per spec and binary the median wall time, the ratio
OLD/NEW, and from the plan the designs measured per class (max, mean,
sum), the classes over 10,000 and those stopped at the evaluation cap.
Without SPEC: benches/generated-120.toml and every benches/shapes/*.toml.
The plans of the two binaries are compared: a differing total is printed.
"""

import glob
import json
import statistics
import subprocess
import sys
import time


def run(binary, spec):
    start = time.perf_counter()
    out = subprocess.run(
        [binary, "plan", spec, "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"{binary} plan {spec} exited {out.returncode}")
    return elapsed, json.loads(out.stdout)


def designs(plan):
    counts = [c["candidates_evaluated"] for c in plan["classes"]]
    capped = sum(1 for c in plan["classes"] if not c["search_complete"])
    return (
        max(counts),
        statistics.mean(counts),
        sum(counts),
        sum(1 for n in counts if n > 10_000),
        capped,
    )


def main():
    args = sys.argv[1:]
    runs = 5
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i : i + 2]
    binaries = [a for a in args if not a.endswith(".toml")]
    specs = [a for a in args if a.endswith(".toml")]
    if not binaries or len(binaries) > 2:
        sys.exit(__doc__)
    if not specs:
        specs = ["benches/generated-120.toml"] + sorted(glob.glob("benches/shapes/*.toml"))
    for spec in specs:
        times = {b: [] for b in binaries}
        plans = {}
        for _ in range(runs):
            for b in binaries:
                t, plan = run(b, spec)
                times[b].append(t)
                plans[b] = plan
        name = spec.split("/")[-1]
        line = [f"{name:28}"]
        for b in binaries:
            most, mean, total, over, capped = designs(plans[b])
            line.append(
                f"{b.split('/')[-1]}: {statistics.median(times[b]):7.3f} s"
                f" (designs/class max {most}, mean {mean:.0f}, sum {total};"
                f" >10k {over}; capped {capped})"
            )
        if len(binaries) == 2:
            new, old = (statistics.median(times[b]) for b in binaries)
            line.append(f"old/new {old / new:.2f}x")
            totals = [plans[b].get("total_monthly_usd") for b in binaries]
            if totals[0] != totals[1]:
                line.append(f"TOTALS DIFFER {totals}")
        print("  ".join(line), flush=True)


if __name__ == "__main__":
    main()
