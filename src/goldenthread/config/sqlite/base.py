"""Django's SQLite backend, reading a decimal it cannot quantise as stored.

SQLite keeps any number in a decimal column; Django quantises what it reads to
the column's places and raises `InvalidOperation` when a stored figure has more
digits than the column declares. Figures are checked before they are saved
(`domain.figures.read_figure`), but one stored before that check (or written by
hand) would otherwise make every page that reads it fail for every reader,
history pages included. Such a figure is read as it is stored instead; the
pages show it (`web.templatetags` formats any size)."""

from __future__ import annotations

import decimal
from collections.abc import Callable
from typing import Any

from django.db.backends.sqlite3 import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def get_decimalfield_converter(self, expression: Any) -> Callable[..., Any]:
        quantising = super().get_decimalfield_converter(expression)
        create_decimal = decimal.Context(prec=15).create_decimal_from_float

        def converter(value: Any, expression: Any, connection: Any) -> Any:
            try:
                return quantising(value, expression, connection)
            except decimal.InvalidOperation:
                return create_decimal(value) if isinstance(value, float) else decimal.Decimal(value)

        return converter

    def sql_flush(self, style: Any, tables: Any, **options: Any) -> list[str]:
        """`flush` empties the whole database (the test suite does it between tests
        that commit): the audit log's table refuses DELETE (a trigger: docs/decisions/
        0013), so its triggers are dropped for the flush and made again, unchanged,
        in the same transaction."""
        statements = super().sql_flush(style, tables, **options)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            marks = ", ".join(["%s"] * len(tables))
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                f"AND tbl_name IN ({marks})",
                list(tables),
            )
            triggers = cursor.fetchall()
        return [
            *(f"DROP TRIGGER {self.quote_name(name)}" for name, _ in triggers),
            *statements,
            *(sql for _, sql in triggers),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
