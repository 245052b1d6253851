"""Benchmark: importing the register spreadsheet of 1,000 indicators, every
row checked with the register form's rules, from the uploaded bytes to the
register saved.

Makes a throwaway database (SQLite in a temporary folder, or the PostgreSQL
server GOLDENTHREAD_DATABASE_URL names), a register of indicators applying to
three councils with a target each for 2019/20, exports it (`register_workbook`),
changes every indicator's title (and every tenth one's targets) with openpyxl,
then times: reading the file and building the preview (`read_register_workbook`
and `register_preview`, one `IndicatorRowForm` per row) and saving it
(`register_load`). Prints seconds, rows a second, database queries (in all,
and for each further row: the preview of the first 100 rows is counted too, so
a query made once per row shows as 1.0) and peak memory (Python allocations
while previewing, and the process's resident set). Each row's form reads
the councils and the references taken for itself (about 3 queries a row): the
rule is the form's own, not a copy tuned for speed.

    python bench/bench_register_import.py                    # 1,000 indicators
    python bench/bench_register_import.py --indicators 5000
"""

from __future__ import annotations

import argparse
import io
import re
import resource
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable
from typing import Any

from throwaway import throwaway_database

SAMPLE = 100  # rows of the smaller preview that queries per row are worked out against


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--indicators", type=int, default=1000, help="indicators (rows) in the register"
    )
    args = parser.parse_args()
    throwaway_database()
    run(max(args.indicators, SAMPLE + 1))


def run(count: int) -> None:
    from django.contrib.auth import get_user_model

    from goldenthread.indicators.bulk import register_load, register_preview
    from goldenthread.indicators.models import Indicator, Target
    from goldenthread.indicators.register_sheet import read_register_workbook, register_workbook

    councils = make_register(count)
    user = get_user_model().objects.create_user("bench")

    started = time.perf_counter()
    exported = register_workbook()
    made_in = time.perf_counter() - started
    data, targets_changed = edited(exported)

    def preview(rows: Any) -> Any:
        return register_preview(rows.indicators, rows.targets, filename="bench.xlsx")

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), time.process_time()
    rows, read_queries = counted(lambda: read_register_workbook(data, filename="bench.xlsx"))
    read, cpu_read = time.perf_counter(), time.process_time()
    plan, preview_queries = counted(lambda: preview(rows))
    checked, cpu_checked = time.perf_counter(), time.process_time()
    loaded, load_queries = counted(lambda: register_load(preview=plan, by=user))
    saved, cpu_saved = time.perf_counter(), time.process_time()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert loaded.changed == count + targets_changed, (loaded, count, targets_changed)
    assert not Indicator.objects.exclude(title__endswith="(revised)").exists()
    assert Target.objects.count() == count * len(councils)

    started_again = time.perf_counter()
    again = register_preview(rows.indicators, rows.targets, filename="bench.xlsx")
    assert not again.has_changes
    second = time.perf_counter() - started_again

    # the first rows only (targets of the others are refused as unknown, so only
    # theirs are kept): what the preview's queries cost for each further row
    first = {e.reference for e in rows.indicators[:SAMPLE]}
    sample = [t for t in rows.targets if t.reference in first]
    _, sample_queries = counted(
        lambda: register_preview(rows.indicators[:SAMPLE], sample, filename="bench.xlsx")
    )
    per_row = (len(preview_queries) - len(sample_queries)) / (count - SAMPLE)

    # Python's own allocations while previewing (traced separately: tracing slows
    # everything down several times, so it is not timed)
    tracemalloc.start()
    traced = read_register_workbook(data, filename="bench.xlsx")
    register_preview(traced.indicators, traced.targets, filename="bench.xlsx")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    print(
        f"register of {count:,} indicators ({len(councils)} councils, a 2019/20 target each), "
        f"file {len(data) / 1024:.0f} KB; every title changed, {targets_changed:,} targets"
    )
    print(f"  exported in               {made_in:6.2f} s")
    print("                            elapsed    CPU     rows/s  queries  per row")
    stages = (
        ("read", started, read, cpu_started, cpu_read, read_queries),
        ("previewed (form per row)", read, checked, cpu_read, cpu_checked, preview_queries),
        ("saved", checked, saved, cpu_checked, cpu_saved, load_queries),
    )
    for name, begun, ended, cpu_begun, cpu_ended, queries in stages:
        print(
            f"  {name:<25} {ended - begun:6.2f} s {cpu_ended - cpu_begun:6.2f} s "
            f"{count / (ended - begun):8,.0f} {len(queries):8,} {len(queries) / count:8.2f}"
        )
    print(
        f"  upload to saved           {saved - started:6.2f} s "
        f"{cpu_saved - cpu_started:6.2f} s {count / (saved - started):8,.0f}"
    )
    print(f"  the same file again       {second:6.2f} s  (preview: nothing to change)")
    print(
        f"  preview queries for each further row: {per_row:.2f} "
        f"({len(sample_queries)} for {SAMPLE} rows, {len(preview_queries)} for {count:,})"
    )
    for shape, times in repeated(preview_queries, count):
        print(f"    {times:6,} x {shape}")
    print("  saving's queries made once a row or more (writes and their history):")
    for shape, times in repeated(load_queries, count):
        print(f"    {times:6,} x {shape}")
    print(
        f"  memory: process peak RSS {rss:.0f} MB ({rss - rss_before:+.0f} MB during the "
        f"import); Python's allocations while previewing peak at {peak / 1048576:.0f} MB"
    )


def make_register(count: int) -> list[Any]:
    """`count` indicators in ten service areas, each applying to three councils
    with a target for 2019/20; every third has two breakdowns."""
    from goldenthread.indicators.models import Breakdown, Indicator, Target
    from goldenthread.organisations.models import Directorate, Organisation, ServiceArea

    councils = [
        Organisation.objects.create(code="LBH", name="London Borough of Havering"),
        Organisation.objects.create(code="LBN", name="London Borough of Newham"),
        Organisation.objects.create(code="LBB", name="London Borough of Bexley"),
    ]
    directorate = Directorate.objects.create(name="Exchequer and Transactional")
    areas = [
        ServiceArea.objects.create(directorate=directorate, name=f"Area {n}") for n in range(10)
    ]
    units = [("%", "up", "mean", 2), ("days", "down", "mean", 1), ("number", "none", "sum", 0)]
    indicators = Indicator.objects.bulk_create(
        Indicator(
            reference=f"B-{n:04d}",
            title=f"Benchmark indicator {n}",
            service_area=areas[n % len(areas)],
            unit=units[n % 3][0],
            polarity=units[n % 3][1],
            aggregation=units[n % 3][2],
            frequency="monthly",
            scheme="rag",
            decimals=units[n % 3][3],
            owner="Head of Payroll",
        )
        for n in range(count)
    )
    through = Indicator.organisations.through
    through.objects.bulk_create(
        through(indicator_id=i.pk, organisation_id=c.pk) for i in indicators for c in councils
    )
    Breakdown.objects.bulk_create(
        Breakdown(indicator=i, name=name) for i in indicators[::3] for name in ("Part A", "Part B")
    )
    Target.objects.bulk_create(
        Target(indicator=i, organisation=c, year=2019, text="95%" if i.unit == "%" else "20")
        for i in indicators
        for c in councils
    )
    return councils


def edited(content: bytes) -> tuple[bytes, int]:
    """The exported register with every title changed and every tenth
    indicator's targets, as openpyxl writes it; and how many targets changed."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    sheet = book["Register"]
    headings = [cell.value for cell in sheet[1]]
    title = headings.index("KPI") + 1
    targets = [n + 1 for n, h in enumerate(headings) if h and " target " in h]
    changed = 0
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row, title).value = f"{sheet.cell(row, title).value} (revised)"
        if row % 10 == 0:
            for column in targets:
                sheet.cell(row, column).value = (
                    "30" if sheet.cell(row, column).value == "20" else "97%"
                )
                changed += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), changed


def counted(work: Callable[[], Any]) -> tuple[Any, list[str]]:
    """What `work` returns, and the SQL of every query it made (recorded as it
    is sent: the connection's own log keeps only the last 9,000)."""
    from django.db import connection

    sent: list[str] = []

    def record(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        sent.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        result = work()
    return result, sent


def repeated(queries: list[str], rows: int) -> list[tuple[str, int]]:
    """The query shapes (literals left out) made at least once a row, most first."""
    shapes = Counter(re.sub(r"'[^']*'|\b\d+\b|%s", "?", q)[:110] for q in queries)
    return [(shape, times) for shape, times in shapes.most_common(10) if times >= rows]


if __name__ == "__main__":
    main()
