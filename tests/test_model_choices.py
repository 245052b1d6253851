"""The models' choices and the domain's enums name the same things: a value
stored through a form is one the domain can read, and every value the domain
knows can be stored (issue 15: nothing tied them)."""

from __future__ import annotations

from enum import StrEnum

import pytest
from django.db import models

from goldenthread.domain.aggregation import Aggregation
from goldenthread.domain.assessment import InYear
from goldenthread.domain.comparison import ComparisonBasis
from goldenthread.domain.polarity import Polarity
from goldenthread.domain.schedule import Frequency
from goldenthread.domain.values import ValueKind
from goldenthread.indicators import models as indicator_models
from goldenthread.returns.models import MeasurementKind

# The unit and the scheme are not choices: any unit is a counted quantity with
# its label, and a scheme is a built-in one or the team's own (issue 17).
PAIRS: list[tuple[type[models.TextChoices], type[StrEnum]]] = [
    (indicator_models.PolarityChoice, Polarity),
    (indicator_models.AggregationChoice, Aggregation),
    (indicator_models.Frequency, Frequency),
    (indicator_models.ComparisonBasis, ComparisonBasis),
    (indicator_models.InYearRating, InYear),
]


@pytest.mark.parametrize(("choices", "enum"), PAIRS, ids=lambda c: c.__name__)
def test_the_model_choices_are_the_domain_values(
    choices: type[models.TextChoices], enum: type[StrEnum]
) -> None:
    assert sorted(choices.values) == sorted(member.value for member in enum)
    for member in enum:  # and each stored value reads back as the domain's member
        assert enum(choices(member.value).value) is member


def test_every_domain_enum_a_model_stores_is_tied() -> None:
    """An indicator field with choices is paired above (a new field is too);
    the tier is the register's own word, with no rule in the domain."""
    paired = {choices for choices, _ in PAIRS}
    fields = [
        f for f in indicator_models.Indicator._meta.get_fields() if getattr(f, "choices", None)
    ]
    unpaired = [
        f.name
        for f in fields
        if f.name != "tier" and not any(list(c.choices) == list(f.choices) for c in paired)
    ]
    assert not unpaired, f"tie these fields' choices to a domain enum: {unpaired}"


def test_a_stored_figure_kind_is_a_domain_value_kind() -> None:
    """Stored compactly ("n/a", "" for not yet available), named alike."""
    assert [k.name for k in MeasurementKind] == [k.name for k in ValueKind]
