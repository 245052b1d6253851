"""Benchmark: `goldenthread rate` end to end (read, rate, write) on generated sheets.

Prints rows per second and peak memory (resident set size) for each size and
scheme, each run in a fresh process so the peaks are comparable: the built-in
`rag` and a scheme file with four statuses (blue exceeds 10%, green within 0,
amber within 5%, red), side by side on the same input, runs interleaved, the
best of `--repeat` kept (by CPU time, which a busy machine disturbs less than
the clock), and each one's CPU time as a share of rag's; rows/s is per CPU second.
Goals (issue 2): at least 100,000 rows/s on one core at 1,000,000 rows, and
memory that does not grow with the number of rows; (issue 17) the custom
scheme costs at most 10% more than rag. `--old-src` adds rag on another
checkout's code in the same run (e.g. a `git worktree` of the commit before).

    python bench/bench_rate.py                 # 100,000 and 1,000,000 rows, CSV
    python bench/bench_rate.py --rows 200000 --format xlsx
    python bench/bench_rate.py --rows 200000 --old-src /tmp/gt-old/src
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Row shapes drawn from seed 001: percentages against targets and profiles,
# days against comparators, money, volumes, n/a and blanks.
PROFILE = (
    "12.75%; 21.98%; 31.10%; 40.22%; 49.18%; 58.39%; 67.68%; 76.57%; 85.77%; 94.51%; 96.40%; 97.00%"
)
HEADER = ["council", "indicator", "period", "polarity", "target", "value", "previous", "note"]
# The custom scheme measured beside rag: four statuses, BRAG.
FOUR_STATUSES = """name = "Blue, green, amber, red"
[[status]]
label = "Blue"
exceeds = "10%"
[[status]]
label = "Green"
within = "0"
[[status]]
label = "Amber"
within = "5%"
[[status]]
label = "Red"
"""


def generate(path: Path, rows: int, seed: int = 2019) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        for n in range(rows):
            council = ("LBH", "LBN", "LBB")[n % 3]
            kind = n % 8
            if kind == 0:
                row = ["up", "95%", f"{rng.uniform(80, 100):.2f}%", f"{rng.uniform(80, 100):.2f}%"]
            elif kind == 1:
                row = ["down", "20 days", f"{rng.uniform(10, 30):.1f}", f"{rng.randint(10, 30)}"]
            elif kind == 2:
                row = ["", "<26 weeks", f"{rng.uniform(20, 40):.2f} weeks", ""]
            elif kind == 3:
                row = ["up", PROFILE, f"{rng.uniform(25, 35):.2f}%", ""]
            elif kind == 4:
                spend, last_year = rng.randint(10000, 30000), rng.randint(10000, 30000)
                row = ["", "<£20,000", f"£{spend:,}", f"£{last_year:,}"]
            elif kind == 5:
                row = ["none", "", str(rng.randint(500, 1200)), str(rng.randint(500, 1200))]
            elif kind == 6:
                row = ["up", "TBD", "n/a", ""]
            else:
                row = ["up", "6.3", f"{rng.uniform(5.5, 7):.2f}", ""]
            polarity, target, value, previous = row
            out.writerow(
                [
                    council,
                    f"Indicator {n % 997}",
                    "2019/20 Q1",
                    polarity,
                    target,
                    value,
                    previous,
                    "illustrative",
                ]
            )


def to_xlsx(source: Path, target: Path) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet()
    with source.open(encoding="utf-8", newline="") as handle:
        for r, row in enumerate(csv.reader(handle)):
            for c, cell in enumerate(row):
                sheet.write_string(r, c, cell)
    book.close()


def measure(source: Path, output: Path, scheme: str) -> dict[str, float]:
    """Run in a child process: rate `source` into `output` with `scheme` ("" for the
    default, rag: the only way older code takes it), report time and peak RSS."""
    from goldenthread.cli import main

    start, cpu_start = time.perf_counter(), time.process_time()
    code = main(
        ["rate", str(source), "--output", str(output), *(["--scheme", scheme] * bool(scheme))]
    )
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    if code != 0:
        raise SystemExit(f"rate failed with exit status {code}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": elapsed, "cpu_seconds": cpu, "peak_mib": peak_kib / 1024}


def run_child(source: Path, output: Path, scheme: str, src: str | None = None) -> dict[str, float]:
    """Measure one run in a fresh process, on this checkout's code or on `src`."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = src + os.pathsep + env.get("PYTHONPATH", "")
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(source), str(output), scheme],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="repeatable")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each; the best is kept")
    parser.add_argument("--old-src", metavar="DIR", help="also rag on the code in DIR (its src/)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        source, output, scheme = args.child
        print(json.dumps(measure(Path(source), Path(output), scheme)))
        return
    sizes = args.rows or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory(prefix="goldenthread-bench-") as folder:
        custom = Path(folder) / "four-statuses.toml"
        custom.write_text(FOUR_STATUSES, encoding="utf-8")
        variants = {"rag": ("rag", None), "4-status file": (str(custom), None)}
        if args.old_src:
            variants["rag, old code"] = ("", args.old_src)
        print(
            f"goldenthread rate, {args.format} in and out, one process per run, "
            f"best of {args.repeat}"
        )
        print(
            f"{'rows':>10} {'scheme':<14} {'seconds':>8} {'CPU s':>6} {'rows/s':>9} "
            f"{'peak MiB':>9} {'output MiB':>10} {'vs rag':>7}"
        )
        for rows in sizes:
            source = Path(folder) / f"in-{rows}.csv"
            generate(source, rows)
            if args.format == "xlsx":
                workbook = source.with_suffix(".xlsx")
                to_xlsx(source, workbook)
                source = workbook
            best: dict[str, dict[str, float]] = {}
            sizes_out: dict[str, float] = {}
            for _ in range(args.repeat):  # interleaved: a busy moment costs each the same
                for name, (scheme, src) in variants.items():
                    output = Path(folder) / f"out-{rows}-{len(best)}.{args.format}"
                    figures = run_child(source, output, scheme, src)
                    if name not in best or figures["cpu_seconds"] < best[name]["cpu_seconds"]:
                        best[name] = figures
                    sizes_out[name] = output.stat().st_size / 2**20
                    output.unlink()
            for name, figures in best.items():
                ratio = figures["cpu_seconds"] / best["rag"]["cpu_seconds"]
                print(
                    f"{rows:>10,} {name:<14} {figures['seconds']:>8.2f} "
                    f"{figures['cpu_seconds']:>6.2f} {rows / figures['cpu_seconds']:>9,.0f} "
                    f"{figures['peak_mib']:>9.1f} "
                    f"{sizes_out[name]:>10.1f} {ratio:>7.1%}"
                )


if __name__ == "__main__":
    main()
