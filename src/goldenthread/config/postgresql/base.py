"""Django's PostgreSQL backend, with `flush` able to empty the audit log.

The audit log's table refuses UPDATE, DELETE and TRUNCATE (a trigger: docs/
decisions/0013). `flush` empties the whole database (the test suite does it
between tests that commit): that is the destruction of the database, not a
change to its history, so it lifts the tables' own triggers for its TRUNCATE,
in the same transaction, and they are back when it commits."""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, operations


class DatabaseOperations(operations.DatabaseOperations):
    def sql_flush(self, style: Any, tables: Any, **options: Any) -> list[str]:
        statements = super().sql_flush(style, tables, **options)
        if not statements:
            return statements
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND c.relname = ANY(%s)",
                [list(tables)],
            )
            guarded = [self.quote_name(name) for (name,) in cursor.fetchall()]
        return [
            *(f"ALTER TABLE {name} DISABLE TRIGGER USER" for name in guarded),
            *statements,
            *(f"ALTER TABLE {name} ENABLE TRIGGER USER" for name in guarded),
        ]


class DatabaseWrapper(base.DatabaseWrapper):
    ops_class = DatabaseOperations
