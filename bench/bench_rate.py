"""Benchmark: `goldenthread rate` end to end (read, rate, write) on generated sheets.

Prints rows per second and peak memory (resident set size) for each size, each
size run in a fresh process so the peaks are comparable. Goals (issue 2): at
least 100,000 rows/s on one core at 1,000,000 rows, and memory that does not
grow with the number of rows.

    python bench/bench_rate.py                 # 100,000 and 1,000,000 rows, CSV
    python bench/bench_rate.py --rows 200000 --format xlsx
"""

from __future__ import annotations

import argparse
import csv
import json
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


def measure(source: Path, output: Path) -> dict[str, float]:
    """Run in a child process: rate `source` into `output`, report time and peak RSS."""
    from goldenthread.cli import main

    start = time.perf_counter()
    code = main(["rate", str(source), "--output", str(output)])
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"rate failed with exit status {code}")
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": elapsed, "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, action="append", help="repeatable")
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(measure(Path(args.child[0]), Path(args.child[1]))))
        return
    sizes = args.rows or [100_000, 1_000_000]
    with tempfile.TemporaryDirectory(prefix="goldenthread-bench-") as folder:
        print(f"goldenthread rate, {args.format} in and out, one process per size")
        print(f"{'rows':>10} {'seconds':>8} {'rows/s':>9} {'peak MiB':>9} {'output MiB':>10}")
        for rows in sizes:
            source = Path(folder) / f"in-{rows}.csv"
            generate(source, rows)
            if args.format == "xlsx":
                workbook = source.with_suffix(".xlsx")
                to_xlsx(source, workbook)
                source = workbook
            output = Path(folder) / f"out-{rows}.{args.format}"
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(source), str(output)],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            rate = rows / figures["seconds"]
            size = output.stat().st_size / 2**20
            print(
                f"{rows:>10,} {figures['seconds']:>8.2f} {rate:>9,.0f} "
                f"{figures['peak_mib']:>9.1f} {size:>10.1f}"
            )


if __name__ == "__main__":
    main()
