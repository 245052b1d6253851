"""Where a register entry, target or figure came from, in words for people.

The `source` fields keep the precise citation (the demonstration's name a seed
paper by number and the line it was read from: "seed 000 Appendix 1 (seed 000
line 193)"). A reader is told the documents, by their titles: "Appendix 1 of
the 2019/20 framework". A source that names no seed paper (a council's own
note) is shown as it was written.
"""

from __future__ import annotations

import re

# The committee papers the demonstration's figures were read from (its data README).
SOURCE_DOCUMENTS = {
    "000": "the 2019/20 performance framework",
    "001": "the 2019/20 Q1 performance pack",
    "002": "the 2019/20 Q2 covering report",
    "004": "the 2017/18 annual report",
}
_CITED = re.compile(r"seed (\d{3})(?: (Appendix \d+))?")


def source_label(source: str) -> str:
    """The documents `source` cites, by title, in the order cited; else `source` itself."""
    named: dict[str, str] = {}  # paper number -> its title, the first time it is cited
    for number, appendix in _CITED.findall(source):
        title = SOURCE_DOCUMENTS.get(number, f"committee paper {number}")
        if appendix:
            title = f"{appendix} of {title.replace(' performance framework', ' framework')}"
        named.setdefault(number, title)
    if not named:
        return source.strip()
    titles = list(named.values())
    words = titles[0] if len(titles) == 1 else f"{', '.join(titles[:-1])} and {titles[-1]}"
    return words[0].upper() + words[1:]
