"""The domain core stays pure: standard library only, no Django, no third-party code."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).parents[1] / "src" / "goldenthread" / "domain"
MODULES = sorted(DOMAIN.glob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def test_there_are_domain_modules() -> None:
    assert len(MODULES) >= 8


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_imports_only_the_standard_library_and_itself(path: Path) -> None:
    foreign = {
        root
        for root in imported_roots(path)
        if root not in sys.stdlib_module_names and root != "goldenthread"
    }
    assert not foreign, f"{path.name} imports {sorted(foreign)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_domain_imports_nothing_outside_the_domain(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("golden"):
            assert node.module.startswith("goldenthread.domain"), f"{path.name}: {node.module}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines: split it by concept"


# The pack's content and renderers: no Django, nothing of the web application;
# the domain core and the rendering libraries only.
REPORTS = Path(__file__).parents[1] / "src" / "goldenthread" / "reports"
REPORT_MODULES = sorted(REPORTS.glob("*.py"))
RENDERING_LIBRARIES = {
    "weasyprint",
    "pydyf",
    "docxtpl",
    "docx",
    "jinja2",
    "lxml",  # python-docx's XML library (reports/docx.py)
    "vl_convert",
    "xlsxwriter",
}


def test_there_are_report_modules() -> None:
    assert {p.stem for p in REPORT_MODULES} >= {
        "content",
        "assemble",
        "html",
        "pdf",
        "docx",
        "xlsx",
    }


@pytest.mark.parametrize("path", REPORT_MODULES, ids=lambda p: p.name)
def test_reports_import_no_django_and_no_web_application(path: Path) -> None:
    foreign = {
        root
        for root in imported_roots(path)
        if root not in sys.stdlib_module_names
        and root != "goldenthread"
        and root not in RENDERING_LIBRARIES
    }
    assert not foreign, f"{path.name} imports {sorted(foreign)}"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("golden"):
            assert node.module.startswith(("goldenthread.domain", "goldenthread.reports")), (
                f"{path.name}: {node.module}"
            )


@pytest.mark.parametrize("path", REPORT_MODULES, ids=lambda p: p.name)
def test_report_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines: split it by concept"
