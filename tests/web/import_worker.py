"""A separate process for tests/web/test_spreadsheet_kill.py: it sets up the
demonstration data, writes a return template, imports a file (optionally
stopping dead inside the import's transaction, to be killed there) and reports
the database's state, against the database GOLDENTHREAD_DATABASE_URL names.

    python -m tests.web.import_worker setup TEMPLATE
    python -m tests.web.import_worker import FILE [--stop-inside MARKER]
    python -m tests.web.import_worker state
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main(argv: list[str]) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    import django

    django.setup()
    action = argv[0]
    if action == "setup":
        setup(Path(argv[1]))
    elif action == "import":
        stop = Path(argv[3]) if argv[2:3] == ["--stop-inside"] else None
        run_import(Path(argv[1]), stop)
    else:
        print(json.dumps(state()))


def setup(template: Path) -> None:
    from django.core.management import call_command

    from goldenthread.demo.load import load_dataset
    from goldenthread.demo.users import create_demo_users
    from goldenthread.domain.periods import FinancialYear, Quarter
    from goldenthread.organisations.models import Organisation, ServiceArea
    from goldenthread.returns.models import Return
    from goldenthread.returns.sheet_template import return_template

    call_command("migrate", interactive=False, verbosity=0)
    load_dataset()
    Return.objects.all().delete()  # the demo's Q1 returns are approved: imported into, open
    create_demo_users()
    made = return_template(
        organisation=Organisation.objects.get(code="LBH"),
        service_areas=[ServiceArea.objects.get(name="Payroll")],
        quarter=Quarter(FinancialYear(2019), 1),
    )
    template.write_bytes(made.content)


def run_import(path: Path, stop: Path | None) -> None:
    from django.contrib.auth import get_user_model

    from goldenthread.people.access import scope_of
    from goldenthread.returns import services
    from goldenthread.returns.sheet_import import read_return_workbook, returns_import

    if stop is not None:
        real = services.bulk_create_with_history

        def stop_after_figures(objs, model, **kwargs):  # type: ignore[no-untyped-def]
            made = real(objs, model, **kwargs)
            if model.__name__ == "Measurement":
                stop.write_text("figures written, not committed")
                time.sleep(120)  # killed here, inside the transaction
            return made

        services.bulk_create_with_history = stop_after_figures
    officer = get_user_model().objects.get(username="officer.lbh")
    plan = read_return_workbook(path.read_bytes(), filename=path.name, scope=scope_of(officer))
    print(returns_import(preview=plan, by=officer))


def state() -> dict[str, object]:
    from django.db import connection

    from goldenthread.returns.models import Commentary, Measurement, Return

    figures = Measurement.objects.filter(
        organisation__code="LBH", indicator__service_area__name="Payroll", start__year=2019
    ).order_by("indicator__reference", "start")
    return {
        "database": connection.vendor,
        "figures": [f"{m.indicator.reference} {m.start:%b} {m.kind} {m.amount}" for m in figures],
        "figure history": Measurement.history.count(),
        "commentary": sorted(
            c.reasons
            for c in Commentary.objects.filter(
                organisation__code="LBH", indicator__service_area__name="Payroll"
            )
        ),
        "returns": [(r.status, r.version) for r in Return.objects.all()],
    }


if __name__ == "__main__":
    main(sys.argv[1:])
