"""The layers hold: the domain core stays pure (standard library only, no
Django, no third-party code), the pack's content and the rate command import
no Django, and the apps keep the order the import-linter contracts in
`.importlinter` state (docs/architecture-layers.md); the contracts provably fail
when an import breaks them."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
PACKAGE = ROOT / "src" / "goldenthread"
DOMAIN = PACKAGE / "domain"
MODULES = sorted(DOMAIN.rglob("*.py"))  # subpackages too
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def imported_roots(path: Path) -> set[str]:
    """The top-level packages a module imports, by any import statement, at
    any depth (inside functions too), or names to `importlib.import_module` /
    `__import__` as a literal."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and _names_a_module(node):
            argument = node.args[0]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                roots.add(argument.value.split(".")[0])
    return roots


def _names_a_module(node: ast.Call) -> bool:
    name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
    return name in {"import_module", "__import__"} and bool(node.args)


def imported_modules(path: Path) -> set[str]:
    """The full names of the goldenthread modules a module imports (`import
    goldenthread.x.y` and `from goldenthread.x import y` alike)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name for name in names if name.split(".")[0] == "goldenthread"}


def test_the_import_scan_sees_every_way_of_importing(tmp_path: Path) -> None:
    module = tmp_path / "sneaky.py"
    module.write_text(
        "import importlib\n"
        "import goldenthread.returns.models\n"
        "def later():\n"
        "    importlib.import_module('django')\n"
        "    __import__('openpyxl')\n",
        encoding="utf-8",
    )
    assert imported_roots(module) == {"importlib", "goldenthread", "django", "openpyxl"}
    assert imported_modules(module) == {"goldenthread.returns.models"}


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
    outside = {
        name
        for name in imported_modules(path)
        if name != "goldenthread.domain" and not name.startswith("goldenthread.domain.")
    }
    assert not outside, f"{path.name} imports {sorted(outside)}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines: split it by concept"


# The pack's content and renderers: no Django, nothing of the web application;
# the domain core and the rendering libraries only.
REPORTS = PACKAGE / "reports"
REPORT_MODULES = sorted(REPORTS.rglob("*.py"))
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
    outside = {
        name
        for name in imported_modules(path)
        if not name.startswith(("goldenthread.domain", "goldenthread.reports"))
    }
    assert not outside, f"{path.name} imports {sorted(outside)}"


@pytest.mark.parametrize("path", REPORT_MODULES, ids=lambda p: p.name)
def test_report_modules_stay_small(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= 600, f"{path.name} has {lines} lines: split it by concept"


# What a fresh interpreter loads: the Django-free packages must load no Django
# module, however they reach it (an import in a function run at import time,
# importlib, a package's __init__ elsewhere).
DJANGO_FREE = [
    "goldenthread.domain",
    "goldenthread.reports",
    "goldenthread.ratesheet",
    "goldenthread.apportion",
]


def _modules_of(package: str) -> list[str]:
    folder = PACKAGE.joinpath(*package.split(".")[1:])
    return sorted(
        ".".join([package, *p.relative_to(folder).with_suffix("").parts]).removesuffix(".__init__")
        for p in folder.rglob("*.py")
    )


def _loaded_after_import(modules: list[str]) -> set[str]:
    script = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {modules!r}:
            importlib.import_module(name)
        print("\\n".join(sorted(sys.modules)))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return set(result.stdout.split())


@pytest.mark.parametrize("package", DJANGO_FREE)
def test_importing_the_package_in_a_fresh_interpreter_loads_no_django(package: str) -> None:
    modules = _modules_of(package)
    assert len(modules) > 3
    loaded = _loaded_after_import(modules)
    assert set(modules) <= loaded
    django = sorted(name for name in loaded if name == "django" or name.startswith("django."))
    assert not django, f"importing {package} loads {django[:5]}"


def test_the_fresh_interpreter_check_sees_django_when_it_is_loaded() -> None:
    assert "django.db" in _loaded_after_import(["goldenthread.domain", "django.db"])


# The layers as import-linter contracts (`.importlinter`).
def _lint_imports(
    config: Path, cwd: Path, pythonpath: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """lint-imports with `config`; the package is found on `pythonpath` first."""
    env = dict(os.environ)
    if pythonpath is not None:
        env["PYTHONPATH"] = str(pythonpath)
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(config), "--no-cache"],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
    )


def test_the_import_contracts_are_kept() -> None:
    result = _lint_imports(ROOT / ".importlinter", ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_cover_every_package() -> None:
    """Each package of goldenthread is in the layers (a new app must be placed)."""
    text = (ROOT / ".importlinter").read_text(encoding="utf-8")
    packages = {p.parent.name for p in PACKAGE.glob("*/__init__.py")} | {"cli"}
    missing = sorted(p for p in packages if f"goldenthread.{p}" not in text)
    assert not missing, f"place these packages in .importlinter's layers: {missing}"


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("domain/periods.py", "import django.db", "domain core imports no Django"),
        ("reports/content.py", "import django", "import no Django and none of the apps"),
        ("organisations/models.py", "import goldenthread.people.access", "Layers"),
    ],
)
def test_a_contract_fails_when_an_import_breaks_it(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    """The contracts run over a copy of the package with one import added."""
    copy = tmp_path / "goldenthread"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("__pycache__", "static"))
    target = copy / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    config = tmp_path / ".importlinter"
    shutil.copy(ROOT / ".importlinter", config)
    result = _lint_imports(config, tmp_path, pythonpath=tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    report = " ".join(result.stdout.split())
    assert "0 broken" not in report
    assert broken in report.split("Broken contracts", 1)[1]  # the contract broken is named
