#!/usr/bin/env python3
"""How planning time and designs measured grow with the number of regions.

    python3 benches/scaling.py BIN [OLD_BIN] [--sizes 32,64,128,160]
        [--timeout SECONDS] [SPEC ...]

For each size, writes a synthetic catalog (benches/synthetic_catalog.py)
to a temporary folder and runs `BIN plan SPEC --catalog DIR --format json`
(then OLD_BIN, in turn, when given), printing the wall time and, from the
plan, the designs measured per class (max, sum), the classes over 10,000
and those stopped at the evaluation cap. A run past the timeout (default
300 s) is reported as such. Without SPEC: benches/generated-120.toml.
"""

import json
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def run(binary, spec, catalog, timeout):
    start = time.perf_counter()
    try:
        out = subprocess.run(
            [binary, "plan", spec, "--catalog", catalog, "--format", "json"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"over {timeout} s"
    elapsed = time.perf_counter() - start
    if out.returncode not in (0, 1):
        sys.exit(f"{binary} plan {spec} exited {out.returncode}: {out.stderr.decode()[-500:]}")
    classes = json.loads(out.stdout)["classes"]
    counts = [c["candidates_evaluated"] for c in classes]
    return (
        f"{elapsed:7.2f} s  designs/class max {max(counts)}, sum {sum(counts)};"
        f" >10k {sum(n > 10_000 for n in counts)};"
        f" capped {sum(not c['search_complete'] for c in classes)}"
    )


def main():
    args = sys.argv[1:]
    sizes = [32, 64, 128, 160]
    timeout = 300
    for flag in ("--sizes", "--timeout"):
        if flag in args:
            i = args.index(flag)
            if flag == "--sizes":
                sizes = [int(s) for s in args[i + 1].split(",")]
            else:
                timeout = float(args[i + 1])
            del args[i : i + 2]
    binaries = [a for a in args if not a.endswith(".toml")]
    specs = [a for a in args if a.endswith(".toml")] or [os.path.join(HERE, "generated-120.toml")]
    if not binaries or len(binaries) > 2:
        sys.exit(__doc__)
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            catalog = os.path.join(tmp, str(n))
            subprocess.run(
                [sys.executable, os.path.join(HERE, "synthetic_catalog.py"), str(n), catalog],
                check=True,
            )
            for spec in specs:
                for b in binaries:
                    result = run(b, spec, catalog, timeout)
                    print(f"{n:4} regions  {os.path.basename(spec):24} {os.path.basename(b):16} {result}", flush=True)


if __name__ == "__main__":
    main()
