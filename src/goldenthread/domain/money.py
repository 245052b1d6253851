"""Money as finance papers write it and as people type it: read exactly into
Decimal ("£968,589", "(0.114)", "£0.432m", "£270k", "-1,234.56"), and shown the
papers' way: whole pounds with thousands separators ("12,888"), or millions to
three places ("0.432"), an underspend or a credit balance in brackets
("(63,112)", "(£0.114m)").

The sign convention is the papers': a positive variance is an overspend, a
negative one an underspend (in brackets); a reserve's credit balance is
negative (in brackets), a drawdown positive.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext
from fractions import Fraction

# What a money column keeps exactly on every database (SQLite's 15 significant
# digits): up to a thousand billion pounds, to the penny.
MONEY_DIGITS = 15
MONEY_PLACES = 2

_SCALES = {"": 1, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_MONEY = re.compile(
    r"""^(?P<minus>-)?\s*(?P<open>\()?\s*(?P<minus2>-)?\s*£?\s*(?P<minus3>-)?\s*
        (?P<number>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<scale>k|m|bn)?\s*(?P<close>\))?$""",
    re.VERBOSE | re.IGNORECASE,
)


class MoneyError(ValueError):
    """Why typed money cannot be read, in words for the person who typed it."""


def read_money(text: str, *, places: int = MONEY_PLACES) -> Decimal:
    """An amount of money as written: a pound sign, thousands commas, brackets or
    a minus for a negative amount, and "k", "m" or "bn" for thousands, millions
    or billions are allowed. The amount may have at most `places` decimal places
    once scaled (pence by default) and at most `MONEY_DIGITS` digits."""
    shown = text if len(text) <= 30 else text[:27] + "..."
    match = _MONEY.match(text.strip())
    if match is None or bool(match["open"]) != bool(match["close"]):
        raise MoneyError(f"'{shown}' is not an amount of money, like £12,888 or (0.114)")
    if sum(bool(match[sign]) for sign in ("minus", "minus2", "minus3", "open")) > 1:
        raise MoneyError(f"'{shown}' is negative twice: write (12,888) or -12,888")
    number = match["number"]
    if "," in number and not re.fullmatch(r"\d{1,3}(,\d{3})*(\.\d+)?", number):
        raise MoneyError(f"'{shown}' has its thousands commas in the wrong places")
    with localcontext() as context:  # every digit kept: 28 would round a long figure
        context.prec = len(number) + 10
        try:
            amount = Decimal(number.replace(",", "")) * _SCALES[(match["scale"] or "").lower()]
        except InvalidOperation:  # pragma: no cover - the pattern admits only digits
            raise MoneyError(f"'{shown}' is not an amount of money") from None
        if match["minus"] or match["minus2"] or match["minus3"] or match["open"]:
            amount = -amount
        check_storable(amount, shown, places=places)
    return amount.quantize(Decimal(1)) if amount == amount.to_integral() else amount.normalize()


def check_storable(amount: Decimal, shown: str = "", *, places: int = MONEY_PLACES) -> None:
    """Refuse an amount with more digits than a money column keeps exactly."""
    exponent = amount.normalize().as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    whole = len(str(abs(amount).to_integral_value(ROUND_HALF_UP)))
    shown = shown or str(amount)
    if decimals > places:
        unit = "a penny" if places == 2 else f"{places} decimal places"
        raise MoneyError(f"'{shown}' is more precise than {unit}")
    if whole > MONEY_DIGITS - MONEY_PLACES:
        raise MoneyError(f"'{shown}' is too large: at most {MONEY_DIGITS - MONEY_PLACES} digits")


def to_decimal(amount: Fraction | Decimal | int, places: int = MONEY_PLACES) -> Decimal:
    """An exact amount as a Decimal, rounded half away from zero to `places`."""
    if isinstance(amount, Fraction):
        amount = Decimal(amount.numerator) / Decimal(amount.denominator)
    return Decimal(amount).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _bracketed(text: str, negative: bool) -> str:
    return f"({text})" if negative else text


def pounds(amount: Decimal | int, *, symbol: bool = False, places: int = 0) -> str:
    """Whole pounds the papers' way: "12,888", "(63,112)"; with the symbol
    "£12,888", "(£63,112)"; zero is "0" (the papers' "-" for nothing is the
    template's choice)."""
    rounded = to_decimal(amount, places)
    text = f"{abs(rounded):,.{places}f}"
    return _bracketed(("£" if symbol else "") + text, rounded < 0)


def millions(amount: Decimal | int, *, symbol: bool = False, places: int = 3) -> str:
    """Millions to three places the papers' way: "0.432", "(0.114)"; with the
    symbol "£0.432m", "(£0.114m)"."""
    rounded = to_decimal(Decimal(amount) / 1_000_000, places)
    text = f"{abs(rounded):,.{places}f}"
    return _bracketed(f"£{text}m" if symbol else text, rounded < 0)


def spend_words(variance: Decimal | int) -> str:
    """A variance in words: "overspend", "underspend" or "on budget"."""
    if variance > 0:
        return "overspend"
    if variance < 0:
        return "underspend"
    return "on budget"
