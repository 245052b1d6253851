"""Polarity: whether a higher figure is better, a lower one, or neither."""

from __future__ import annotations

from enum import StrEnum


class Polarity(StrEnum):
    UP = "up"  # higher is better (collection rates, satisfaction)
    DOWN = "down"  # lower is better (days to process, cost)
    NONE = "none"  # measured only (volumes)

    @classmethod
    def parse(cls, text: str) -> Polarity:
        key = " ".join(text.strip().lower().replace("_", " ").split())
        try:
            return _NAMES[key]
        except KeyError:
            raise ValueError(
                f"unknown polarity '{text.strip()}': use up (higher is better), "
                "down (lower is better) or none"
            ) from None


_NAMES: dict[str, Polarity] = {
    **{n: Polarity.UP for n in ("up", "higher", "high", "higher is better", "+", "increase")},
    **{n: Polarity.DOWN for n in ("down", "lower", "low", "lower is better", "-", "decrease")},
    **{n: Polarity.NONE for n in ("none", "", "n/a", "measured", "neither")},
}
