"""The settings page's matrix form: the words of each likelihood and impact,
the levels (name, colour, review every N months; a blank row adds one, a
cleared name removes one) and each cell's level, a grid of selects each
labelled with its place ("Likelihood 4 Likely, impact 5 Severe"). Checked by
`Matrix.build`, whose refusals are the form's errors."""

from __future__ import annotations

from typing import Any

from django import forms

from goldenthread.domain.risk_matrix import LARGEST, WORDS_LENGTH, Matrix, MatrixError
from goldenthread.domain.schemes import COLOURS
from goldenthread.pages.forms import GovukErrorMessages


class MatrixForm(GovukErrorMessages, forms.Form):
    def __init__(self, *args: Any, matrix: Matrix, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.level_rows = min(len(matrix.levels) + 1, LARGEST)
        for n, word in enumerate(matrix.likelihoods, 1):
            self.fields[f"likelihood_{n}"] = forms.CharField(
                max_length=WORDS_LENGTH, initial=word, label=f"Likelihood {n}"
            )
        for n, word in enumerate(matrix.impacts, 1):
            self.fields[f"impact_{n}"] = forms.CharField(
                max_length=WORDS_LENGTH, initial=word, label=f"Impact {n}"
            )
        for n in range(1, self.level_rows + 1):
            level = matrix.levels[n - 1] if n <= len(matrix.levels) else None
            self.fields[f"level_{n}_name"] = forms.CharField(
                required=False,
                max_length=WORDS_LENGTH,
                initial=level.name if level else "",
                label=f"Level {n} name",
            )
            self.fields[f"level_{n}_colour"] = forms.ChoiceField(
                choices=[(c, c.capitalize()) for c in COLOURS],
                initial=level.colour if level else "grey",
                label=f"Level {n} colour",
            )
            self.fields[f"level_{n}_months"] = forms.IntegerField(
                required=False,
                min_value=1,
                max_value=12,
                initial=level.review_months if level else 3,
                label=f"Level {n} review every (months)",
            )
        choices = [
            (str(n), matrix.levels[n - 1].name if n <= len(matrix.levels) else f"Level {n} (new)")
            for n in range(1, self.level_rows + 1)
        ]
        for li, l_word in enumerate(matrix.likelihoods, 1):
            for i, i_word in enumerate(matrix.impacts, 1):
                self.fields[f"cell_{li}_{i}"] = forms.ChoiceField(
                    choices=choices,
                    initial=str(matrix.cells[li - 1][i - 1] + 1),
                    label=f"Likelihood {li} {l_word}, impact {i} {i_word}",
                )

    def rows(self) -> list[dict[str, Any]]:
        """The grid of cells, most likely first, for the template."""
        return [
            {
                "number": li,
                "word": self.matrix.likelihoods[li - 1],
                "cells": [self[f"cell_{li}_{i}"] for i in range(1, len(self.matrix.impacts) + 1)],
            }
            for li in range(len(self.matrix.likelihoods), 0, -1)
        ]

    def level_fields(self) -> list[tuple[Any, Any, Any]]:
        return [
            (self[f"level_{n}_name"], self[f"level_{n}_colour"], self[f"level_{n}_months"])
            for n in range(1, self.level_rows + 1)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        names = {n: data[f"level_{n}_name"].strip() for n in range(1, self.level_rows + 1)}
        kept = [n for n in names if names[n]]
        for n in kept:
            if data[f"level_{n}_months"] is None:
                self.add_error(
                    f"level_{n}_months", "Enter how often a risk at this level is reviewed"
                )
        cells = []
        for li in range(1, len(self.matrix.likelihoods) + 1):
            row = []
            for i in range(1, len(self.matrix.impacts) + 1):
                chosen = int(data[f"cell_{li}_{i}"])
                if not names[chosen]:
                    self.add_error(f"cell_{li}_{i}", "Choose a level that has a name")
                row.append(names[chosen])
            cells.append(row)
        if self.errors:
            return data
        try:
            self.built = Matrix.build(
                {
                    "likelihood": [
                        data[f"likelihood_{n}"] for n in range(1, len(self.matrix.likelihoods) + 1)
                    ],
                    "impact": [data[f"impact_{n}"] for n in range(1, len(self.matrix.impacts) + 1)],
                    "levels": [
                        {
                            "name": names[n],
                            "colour": data[f"level_{n}_colour"],
                            "review_months": data[f"level_{n}_months"],
                        }
                        for n in kept
                    ],
                    "cells": cells,
                }
            )
        except MatrixError as error:
            raise forms.ValidationError(str(error)) from None
        return data
