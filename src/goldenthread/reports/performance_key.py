"""The pack's key: each status scheme in use with its statuses, their meanings
and shapes (the summary scheme first; the papers' one list where the pack keeps
their words), and the key to the direction of travel. The application's
glossary reads the same key (`status_key`, `direction_key`)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from goldenthread.domain.rating import Tolerance, ToleranceError
from goldenthread.domain.schemes import UNRATED, Grade, Scheme, Status, column_of
from goldenthread.reports.content import KeyEntry, KeyGroup
from goldenthread.reports.exceptions import Figure
from goldenthread.reports.statuses import LEGACY, SchemeShown, StatusBook


def schemes_used(keys_used: Iterable[str], book: StatusBook) -> list[SchemeShown]:
    """The summary scheme, then the schemes the pack's rated indicators use, in order."""
    keys = dict.fromkeys([book.summary.key, *keys_used])
    return [book.schemes[key] for key in keys if key in book.schemes]


def papers_wording(book: StatusBook, used: list[SchemeShown]) -> bool:
    """Whether the pack keeps the papers' words: rag's summary, and only built-in
    schemes (rag, achieved/failed, monitor only) in use."""
    return book.summary.key == "rag" and all(s.papers_wording or not s.statuses for s in used)


def key_groups(
    book: StatusBook,
    used: list[SchemeShown],
    rated: list[Figure],
    indicators: dict[str, Any],
    papers: bool,
    monitored: bool,
) -> list[KeyGroup]:
    """The status key: each scheme in use with its statuses, their meanings and
    shapes (the summary scheme first), then the statuses every scheme shares.
    Where the pack keeps the papers' words, one list without scheme names, as the
    papers print it."""
    references = list(dict.fromkeys(f["indicator"] for f in rated))
    groups = []
    for scheme in used:
        if not scheme.statuses:
            continue  # monitor only: its one status is shared below
        mine = [r for r in references if (indicators[r].get("scheme") or "rag") == scheme.key]
        if scheme.key == "rag":
            entries = _rag_entries(scheme, mine, indicators)
        elif scheme.key == "achieved-failed":
            entries = _achieved_failed_entries(scheme, book)
        else:
            entries = _scheme_entries(scheme, mine, indicators)
        groups.append(KeyGroup(scheme.name, [_in(book, scheme, e) for e in entries]))
    shared = [
        KeyEntry("Not applicable", "", "Not measured for this council or this period.", "grey"),
        KeyEntry("Incomplete", "", "The figure was not yet available.", "grey"),
        KeyEntry(
            "No target",
            "",
            "There is no numeric target to judge against (e.g. TBC, Reactive).",
            "grey",
        ),
    ]
    if monitored or any(not s.statuses for s in used):
        shared.insert(
            0,
            KeyEntry(
                Status.MONITORED.label,
                "",
                "Measured, not rated against a target: the figure and its direction only.",
                "grey",
            ),
        )
    groups.append(KeyGroup("Every scheme: not rated", [_in(book, None, e) for e in shared]))
    if papers:  # the papers' one list
        return [KeyGroup("", [entry for group in groups for entry in group.entries])]
    return groups


def _in(book: StatusBook, scheme: SchemeShown | None, entry: KeyEntry) -> KeyEntry:
    """The entry with its shape and its scheme's name."""
    key = scheme.key if scheme else ""
    status = next(s for s in (scheme.statuses if scheme else UNRATED) if s.label == entry.term)
    return KeyEntry(
        entry.term,
        entry.symbol,
        entry.meaning,
        status.colour,
        book.shape(status, key),
        scheme.name if scheme else "",
    )


def _rag_entries(
    scheme: SchemeShown, references: list[str], indicators: dict[str, Any]
) -> list[KeyEntry]:
    """Rag's key in the papers' words, its tolerance words from the register."""
    own = scheme.within[1] if len(scheme.within) > 1 else "5%"
    tolerances: dict[str, list[str]] = {}
    for reference in references:
        written = indicators[reference]["tolerance"] or own
        tolerances.setdefault(_tolerance_words(written), []).append(reference)
    return [
        KeyEntry("Green", "", "The target was achieved, or is on track to be achieved.", "green"),
        KeyEntry("Amber", "", _amber_meaning(tolerances), "amber"),
        KeyEntry("Red", "", "The target was missed by more than the amber tolerance.", "red"),
    ]


def _achieved_failed_entries(scheme: SchemeShown, book: StatusBook) -> list[KeyEntry]:
    columns = book.columns
    met, failed = scheme.statuses
    return [
        KeyEntry(
            "Achieved",
            "",
            f"The target was met (counted as {column_of(met, columns).label.lower()}).",
            "green",
        ),
        KeyEntry(
            "Failed",
            "",
            "The target was missed by any margin "
            f"(counted as {column_of(failed, columns).label.lower()}).",
            "red",
        ),
    ]


def _scheme_entries(
    scheme: SchemeShown, references: list[str], indicators: dict[str, Any]
) -> list[KeyEntry]:
    """A team's scheme: each status's meaning (where the team wrote one) and its
    band in words; the outermost near miss names the indicators with their own
    tolerance."""
    outer = max((i for i, s in enumerate(scheme.statuses) if s.grade is Grade.NEAR), default=None)
    entries = []
    for index, (status, band) in enumerate(zip(scheme.statuses, scheme.bands, strict=True)):
        words = _sentence(band)
        if status.meaning and status.meaning.casefold() != band.casefold():
            words = f"{_sentence(status.meaning)} {words}"
        if index == outer:
            own = _own_tolerances(references, indicators, scheme.within[index])
            if own:
                words = f"{words[:-1]} ({own})."
        entries.append(KeyEntry(status.label, "", words, status.colour))
    return entries


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _own_tolerances(references: list[str], indicators: dict[str, Any], scheme_width: str) -> str:
    """The indicators whose own tolerance sets this band: 'within 2 points of the
    target for EX-11'."""
    own: dict[str, list[str]] = {}
    for reference in references:
        written = (indicators[reference].get("tolerance") or "").strip()
        if written and written != scheme_width:
            own.setdefault(_tolerance_words(written), []).append(reference)
    return "; ".join(f"{words} for {', '.join(refs)}" for words, refs in own.items())


def _tolerance_words(text: str) -> str:
    try:
        return Tolerance.parse(text).describe()
    except ToleranceError:
        return f"tolerance '{text}'"


def _amber_meaning(tolerances: dict[str, list[str]]) -> str:
    start = "The target was almost reached: missed, but "
    if not tolerances:
        return start + "within the indicator's tolerance."
    if len(tolerances) == 1:
        (words,) = tolerances
        return f"{start}{words} (for every indicator rated red, amber, green)."
    largest = max(tolerances, key=lambda words: len(tolerances[words]))
    others = "; ".join(
        f"{words} for {', '.join(refs)}" for words, refs in tolerances.items() if words != largest
    )
    return f"{start}{largest} ({others})."


def _direction_entries() -> list[KeyEntry]:
    compared = (
        "than in the same period last year (or last year's outturn, pro rata for totals; "
        "the previous quarter where the register says so)"
    )
    return [
        KeyEntry(
            "Up, better or Down, better",
            "↑ or ↓",
            f"Better {compared}. Up or down is what the figure did; whether that is "
            "better depends on the indicator (a higher collection rate, a lower number "
            "of days).",
        ),
        KeyEntry("Same", "→", "The same as shown, to the indicator's decimal places."),
        KeyEntry("Up, worse or Down, worse", "↑ or ↓", f"Worse {compared}."),
        KeyEntry("New", "", "Nothing to compare with: no figure for the earlier period."),
        KeyEntry(
            "Measured",
            "",
            "Measured, but with no better or worse direction, so no direction of travel.",
        ),
    ]


def status_key(
    indicators: dict[str, dict[str, str]], schemes: Sequence[Scheme] = ()
) -> list[KeyEntry]:
    """The pack's status key for register entries (reference -> their `scheme` and
    `tolerance`), with the team's `schemes` they name: the application's glossary
    says what the pack says."""
    book = LEGACY
    if schemes:
        shown = [*LEGACY.schemes.values(), *(SchemeShown.of(s) for s in schemes)]
        book = StatusBook(LEGACY.summary, shown, {})
    used = schemes_used((i.get("scheme") or "rag" for i in indicators.values()), book)
    rated = [{"indicator": reference} for reference in indicators]
    papers = papers_wording(book, used)
    groups = key_groups(book, used, rated, indicators, papers, monitored=False)
    return [entry for group in groups for entry in group.entries]


def direction_key() -> list[KeyEntry]:
    """The pack's key to the direction of travel (read by the application's glossary)."""
    return _direction_entries()
