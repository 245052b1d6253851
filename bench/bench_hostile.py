"""Benchmark: what reading an uploaded workbook costs, accepted or refused.

Each file is read as the importers read one (`inspect_xlsx`, then openpyxl in
read-only mode through `goldenthread.workbooks.cells.Workbook`, every sheet's
rows up to row 20,000 and column 200) in a fresh process, which prints the
elapsed and CPU seconds and its peak resident set (the file's bytes and the
imports are in the baseline). Goal (issue 14): an accepted file read in under
2 seconds and 150 MB, a refused one faster; docs/spreadsheets.md promises 3
seconds and 64 MB of Python's allocations per import.

    python bench/bench_hostile.py
    python bench/bench_hostile.py --file filled-return.xlsx     # and these files
    python bench/bench_hostile.py --source /tmp/before/src       # another tree's reader
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MAX_ROW, MAX_COLUMN = 20_000, 200


def measure(path: Path) -> dict[str, object]:
    """In this process: read one file as an importer does."""
    from goldenthread.workbooks.cells import Workbook
    from goldenthread.workbooks.safety import WorkbookRefused, inspect_xlsx

    data = path.read_bytes()
    baseline = peak_megabytes()
    started, cpu_started = time.perf_counter(), time.process_time()
    try:
        inspect_xlsx(data, name=f"'{path.name}'")
        book = Workbook(data, name=f"'{path.name}'")
        rows = sum(
            1
            for sheet in book.sheet_names
            for _ in book.rows(sheet, max_row=MAX_ROW, max_column=MAX_COLUMN)
        )
        book.close()
        outcome = f"read, {rows:,} rows"
    except WorkbookRefused as refusal:
        outcome = f"refused: {str(refusal).split('. ')[0][:110]}"
    return {
        "outcome": outcome,
        "seconds": time.perf_counter() - started,
        "cpu": time.process_time() - cpu_started,
        "peak_mb": peak_megabytes(),
        "baseline_mb": baseline,
    }


def peak_megabytes() -> float:
    """This process's peak resident set: VmHWM, which starts afresh at exec
    (getrusage's ru_maxrss can keep the forking parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def in_a_child(path: Path, source: Path, timeout: float) -> dict[str, object]:
    environment = {**os.environ, "PYTHONPATH": str(source)}
    try:
        done = subprocess.run(
            [sys.executable, __file__, "--measure", str(path)],
            capture_output=True,
            text=True,
            env=environment,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {"outcome": f"stopped after {timeout:.0f} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"outcome": f"failed: {last[:100]}"}
    return dict(json.loads(done.stdout))


def cases() -> dict[str, Callable[[], bytes]]:
    sys.path.insert(0, str(ROOT))
    from tests.returns import hostile

    made: dict[str, Callable[[], bytes]] = {
        "a return's size (6,700 rows x 13, 1,700 texts)": lambda: sized(6_700, 13, 1_700),
        "a register of 1,000 indicators (40 columns)": lambda: sized(1_001, 40, 6_000),
        "the costliest workbook within the limits": lambda: hostile.at_the_limits(99, 1000, 19_900),
        "2.6 million cells in one row": hostile.wide_row,
        "1.75 million shared strings": hostile.many_strings,
    }
    for what, (make, _) in hostile.HOSTILE_ENTITY_FILES.items():
        made[what] = make
    return made


def sized(rows: int, columns: int, texts: int) -> bytes:
    """A workbook of `rows` x `columns` cells, written by XlsxWriter as Excel
    would, holding `texts` different texts and numbers."""
    import xlsxwriter

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Return")
    for row in range(rows):
        for column in range(columns):
            n = row * columns + column
            if n % 3 == 0:
                sheet.write_number(row, column, n * 0.25)
            else:
                sheet.write_string(row, column, f"text {n % texts}")
    book.close()
    return out.getvalue()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, action="append", default=[], help="also these")
    parser.add_argument("--source", type=Path, default=ROOT / "src", help="the src tree to time")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per file")
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure)))
        return
    folder = Path(tempfile.mkdtemp(prefix="goldenthread-hostile-"))
    files = {f"{path.name}": path for path in args.file}
    for n, (what, make) in enumerate(cases().items()):
        path = folder / f"case{n}.xlsx"
        path.write_bytes(make())
        files[what] = path
    print(f"reader: {args.source}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"{'file':52} {'KB':>6} {'elapsed':>8} {'CPU':>6} {'peak RSS':>9}  outcome")
    for what, path in files.items():
        found = in_a_child(path, args.source, args.timeout)
        size = path.stat().st_size / 1024
        if "seconds" in found:
            grown = float(found["peak_mb"]) - float(found["baseline_mb"])  # type: ignore[arg-type]
            print(
                f"{what[:52]:52} {size:6.0f} {found['seconds']:7.2f}s {found['cpu']:5.2f}s "
                f"{found['peak_mb']:5.0f} MB  {found['outcome']} (+{grown:.0f} MB)"
            )
        else:
            print(f"{what[:52]:52} {size:6.0f} {'':8} {'':6} {'':9}  {found['outcome']}")


if __name__ == "__main__":
    main()
