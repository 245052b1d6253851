"""`goldenthread rate --scheme FILE` reproduces the statuses other councils'
tables publish (examples/councils, described in examples/README.md), and every
scheme file docs/cli.md shows is a real file that loads."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from goldenthread.cli import main
from goldenthread.domain.schemes import Scheme

ROOT = Path(__file__).parents[2]
COUNCILS = ROOT / "examples" / "councils"
SCHEMES = ROOT / "examples" / "schemes"
TABLES = [
    ("council-plan-q2-2023-24.csv", "council-plan.toml"),
    ("district-dashboard-2023-24.csv", "district-dashboard.toml"),
    ("statutory-self-assessment-2023-24.csv", "statutory-self-assessment.toml"),
    ("housing-landlord-2023-24.csv", "housing-landlord.toml"),
]


def rated(table: str, scheme: str, tmp_path: Path) -> list[dict[str, str]]:
    out = tmp_path / "rated.csv"
    assert main(["rate", str(COUNCILS / table), "--scheme", scheme, "-o", str(out)]) == 0
    with out.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(("table", "scheme"), TABLES)
def test_every_row_rates_as_the_council_published_it(
    table: str, scheme: str, tmp_path: Path
) -> None:
    rows = rated(table, str(COUNCILS / scheme), tmp_path)
    assert len(rows) >= 10
    differ = [
        (row["status"], row["Published status"])
        for row in rows
        if row["status"] != row["Published status"].upper()
    ]
    assert differ == []
    labels = {status.code for status in Scheme.from_toml((COUNCILS / scheme).read_text()).statuses}
    assert labels <= {row["status"] for row in rows}  # every status of the scheme is shown


def test_the_tables_are_of_different_kinds() -> None:
    schemes = [Scheme.from_toml((COUNCILS / scheme).read_text()) for _, scheme in TABLES]
    assert len({s.statuses for s in schemes}) == len(TABLES)
    assert any(s.beaten for s in schemes)  # BRAG
    assert any(len(s.statuses) == 2 for s in schemes)  # met / not met
    assert any(s.near[0].within and s.near[0].within.amount for s in schemes)  # green within 5%


@pytest.mark.parametrize(("table", "scheme"), TABLES)
def test_rag_does_not_reproduce_them(table: str, scheme: str, tmp_path: Path) -> None:
    """The schemes are what reproduces the tables: oneSource's rag does not."""
    rows = rated(table, "rag", tmp_path)
    assert any(row["status"] != row["Published status"].upper() for row in rows)


def test_one_table_has_targets_in_words_and_units_of_its_own() -> None:
    with (COUNCILS / "statutory-self-assessment-2023-24.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    targets = {row["Target"] for row in rows}
    assert {"A maximum of 26 weeks.", "A minimum of 70%.", "Up to 15,239 tonnes."} <= targets
    assert "polarity" not in {name.lower() for name in rows[0]}  # the words give it


# The scheme files docs/cli.md shows.
CLI_DOC = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
TOML_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.MULTILINE | re.DOTALL)


def test_every_scheme_in_the_docs_is_a_file_in_examples() -> None:
    files = {path.name: path.read_text(encoding="utf-8") for path in SCHEMES.glob("*.toml")}
    blocks = TOML_BLOCK.findall(CLI_DOC)
    assert len(blocks) >= 5
    for block in blocks:
        assert block in files.values(), (
            f"docs/cli.md shows a scheme not in examples/schemes:\n{block}"
        )
    for name in files:
        assert f"examples/schemes/{name}" in CLI_DOC, f"docs/cli.md does not name {name}"


@pytest.mark.parametrize("path", sorted(SCHEMES.glob("*.toml")), ids=lambda p: p.name)
def test_every_example_scheme_rates_a_sheet(path: Path, tmp_path: Path) -> None:
    scheme = Scheme.from_toml(path.read_text(encoding="utf-8"))
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("indicator,value,target,polarity\nA,100,100,up\nB,1,100,up\n")
    out = tmp_path / "out.csv"
    assert main(["rate", str(sheet), "--scheme", str(path), "-o", str(out)]) == 0
    with out.open(encoding="utf-8") as handle:
        statuses = [row["status"] for row in csv.DictReader(handle)]
    assert statuses == [scheme.met.code if scheme.met else "", scheme.statuses[-1].code]


def test_a_councils_own_unit_is_compared_by_its_label(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "units.csv"
    sheet.write_text(
        "indicator,unit,target,value,previous\n"
        "Landfill,tonnes,At most 100 Tonnes,90 tonnes,95 TONNES\n"
        "Landfill,tonnes,At most 100 tonnes,90 kg,\n",
        encoding="utf-8",
    )
    assert main(["rate", str(sheet)]) == 1
    err = capsys.readouterr().err
    assert "row 3, column D (value): is in kg but the unit is tonnes" in err
    assert "row 2" not in err
