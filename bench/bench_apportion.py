"""Benchmark: `goldenthread apportion` end to end (read, split, write) on
generated sheets of budget lines between three partners (a tenth of the lines
with a specific allocation, the rest by shares given as fractions).

Each size runs in a fresh process, the best of `--repeat` kept by CPU time
(which a busy machine disturbs less than the clock); prints lines per CPU
second and the peak memory (resident set size), and the larger size's CPU time
per line and memory as ratios of the smaller's, measured in the same run. The
goal: the time per line does not grow with the sheet, nor does the memory
(lines are streamed, as `rate` streams rows).

    python bench/bench_apportion.py                  # 100,000 and 1,000,000 lines, CSV
    python bench/bench_apportion.py --lines 20000 200000 --repeat 1
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

PARTNERS = {"LBB": "7/100", "LBH": "44/100", "LBN": "49/100"}

CHILD = """
import json, resource, sys, time
from pathlib import Path
from goldenthread.apportion.run import Options, apportion_file
start = time.process_time()
source, shares, output = (Path(a) for a in sys.argv[1:4])
outcome = apportion_file(source, shares, Options(), fmt="csv", output=output, stdout=None)
cpu = time.process_time() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
print(json.dumps({"ok": outcome.ok, "cpu": cpu, "peak_kib": peak}))
"""


def generate(folder: Path, lines: int, seed: int = 2019) -> tuple[Path, Path]:
    rng = random.Random(seed)
    sheet, shares = folder / f"lines-{lines}.csv", folder / "shares.csv"
    with shares.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["partner", "share"])
        out.writerows(PARTNERS.items())
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["line", "total", *PARTNERS])
        for n in range(lines):
            total = rng.randint(-2_000_000, 9_000_000)
            if n % 10 == 0:
                first = rng.randint(0, abs(total)) * (1 if total >= 0 else -1)
                second = (total - first) // 2
                out.writerow([f"Line {n}", f"£{total:,}", first, second, total - first - second])
            else:
                written = f"({abs(total):,})" if total < 0 else f"£{total:,}"
                out.writerow([f"Line {n}", written, "", "", ""])
    return sheet, shares


def run_once(sheet: Path, shares: Path, output: Path) -> dict[str, float]:
    """One run in a fresh interpreter: its CPU seconds and peak memory."""
    found = subprocess.run(
        [sys.executable, "-c", CHILD, str(sheet), str(shares), str(output)],
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, float] = json.loads(found.stdout.strip().splitlines()[-1])
    if not result["ok"]:
        raise SystemExit(f"apportion refused {sheet}: {found.stderr}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    measured = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for lines in args.lines:
            sheet, shares = generate(folder, lines)
            runs = [run_once(sheet, shares, folder / "out.csv") for _ in range(args.repeat)]
            best = min(runs, key=lambda r: r["cpu"])
            measured.append((lines, best))
            print(
                f"{lines:>9,} lines: {lines / best['cpu']:>9,.0f} lines per CPU second, "
                f"peak memory {best['peak_kib'] / 1024:,.0f} MiB"
            )
    if len(measured) > 1:
        (small, a), (large, b) = measured[0], measured[-1]
        per_line = (b["cpu"] / large) / (a["cpu"] / small)
        print(
            f"{large:,} against {small:,} lines: CPU time per line x{per_line:.2f}, "
            f"peak memory x{b['peak_kib'] / a['peak_kib']:.2f}"
        )


if __name__ == "__main__":
    main()
