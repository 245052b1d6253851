"""The audit log is append-only in the database itself: UPDATE, DELETE and
TRUNCATE of its table raise, whoever asks (the application, the admin, a SQL
console with the application's credentials). The one exception is deleting an
event older than the cutoff of a purge event already in the log, itself at
least a year in the past: the purge (`goldenthread purge`) writes that event
first, in the same transaction (docs/decisions/0013-audit-log-and-retention.md)."""

from typing import Any

from django.db import migrations

REFUSED = "the audit log is append-only"

POSTGRESQL = f"""
CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF EXISTS (
            SELECT 1 FROM audit_auditevent purge
            WHERE purge.purges_before IS NOT NULL
              AND purge.purges_before <= now() - interval '1 year'
              AND OLD.happened_at < purge.purges_before
        ) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION '{REFUSED}: % on audit_auditevent refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_event_append_only_rows
    BEFORE UPDATE OR DELETE ON audit_auditevent
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
CREATE TRIGGER audit_event_append_only_table
    BEFORE TRUNCATE ON audit_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRESQL_UNDO = """
DROP TRIGGER audit_event_append_only_table ON audit_auditevent;
DROP TRIGGER audit_event_append_only_rows ON audit_auditevent;
DROP FUNCTION audit_event_append_only();
"""

# SQLite has no TRUNCATE (DELETE without WHERE fires the row triggers) and no
# session settings; datetimes are stored as 'YYYY-MM-DD HH:MM:SS[.ffffff]' in UTC.
SQLITE = [
    f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, '{REFUSED}: UPDATE on audit_auditevent refused'); END""",
    f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent
WHEN NOT EXISTS (
    SELECT 1 FROM audit_auditevent purge
    WHERE purge.purges_before IS NOT NULL
      AND purge.purges_before <= datetime('now', '-1 year')
      AND OLD.happened_at < purge.purges_before
)
BEGIN SELECT RAISE(ABORT, '{REFUSED}: DELETE on audit_auditevent refused'); END""",
]
SQLITE_UNDO = ["DROP TRIGGER audit_event_no_delete", "DROP TRIGGER audit_event_no_update"]


def _run(schema_editor: Any, statements: list[str]) -> None:
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def guard(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE)


def unguard(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        _run(schema_editor, [POSTGRESQL_UNDO])
    elif vendor == "sqlite":
        _run(schema_editor, SQLITE_UNDO)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]

    operations = [migrations.RunPython(guard, unguard)]
