"""Money and shares in the finance pages, as the papers print them:
`{{ amount|millions }}` "0.432" or "(0.114)", `{{ amount|pounds }}` "12,888" or
"(63,112)" (`domain.money`), `{{ share|percent }}` "44.41%" and
`{{ share|fraction }}` "4441/10000" (`domain.cost_share`)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django import template

from goldenthread.domain import cost_share, money

register = template.Library()


@register.filter
def millions(amount: Decimal | None) -> str:
    return "" if amount is None else money.millions(amount)


@register.filter
def pounds(amount: Decimal | None) -> str:
    return "" if amount is None else money.pounds(amount)


@register.filter
def percent(share: Fraction | None) -> str:
    return "" if share is None else cost_share.percent(share)


@register.filter
def fraction(share: Fraction | None) -> str:
    return "" if share is None else f"{share.numerator}/{share.denominator}"


@register.filter
def spend(amount: Decimal | None) -> str:
    """ "overspend", "underspend" or "on budget"."""
    return "" if amount is None else money.spend_words(amount)


@register.filter
def item(mapping: dict[str, object], key: str) -> object:
    """A dictionary's value in a template: `{{ row.parts|item:partner.code }}`."""
    return mapping.get(key)


@register.filter
def share_percent(share: Fraction | None) -> str:
    """A share to one place, for a share achieved: "87.5%"; "" for none."""
    return "" if share is None else cost_share.percent(share, 1)


@register.filter
def millions_symbol(amount: Decimal | None) -> str:
    """ "£0.432m", "(£0.114m)"."""
    return "" if amount is None else money.millions(amount, symbol=True)


@register.filter
def gap(amount: Decimal | None) -> str:
    """A difference, however signed, in pounds: "£30,000"."""
    return "" if amount is None else money.pounds(abs(amount), symbol=True)


@register.filter
def row_total(row: dict[str, Decimal]) -> Decimal:
    """The total of a row of partners' amounts."""
    return sum(row.values(), Decimal(0))
