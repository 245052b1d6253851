"""Backing up the database to one file and restoring it from one (`goldenthread
backup` and `goldenthread restore`): SQLite with its online backup API, so the
copy is consistent while officers save; PostgreSQL with `pg_dump -Fc` and
`pg_restore --clean --if-exists`, in one transaction. The packs' files are in
the data folder, not the database: docs/deploy.md says how to copy them."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper

SQLITE_HEADER = b"SQLite format 3\x00"
PG_DUMP_HEADER = b"PGDMP"
# tables `goldenthread migrate` fills by itself: rows there are not the council's data
MIGRATE_FILLS = frozenset({"django_migrations", "django_content_type", "auth_permission"})


class BackupError(Exception):
    """Why a backup or restore was not done; nothing was changed."""


def backup(file: Path, *, using: str = "default") -> str:
    """Copy the whole database into `file` (replaced only once the copy is
    complete and checked). Returns what kind of backup it is."""
    connection = connections[using]
    partial = file.with_name(f".{file.name}.partial")
    file.parent.mkdir(parents=True, exist_ok=True)
    try:
        if connection.vendor == "sqlite":
            _sqlite_backup(connection, partial)
            kind = "SQLite database"
        elif connection.vendor == "postgresql":
            _run(
                [_pg_tool("pg_dump"), "--format=custom", f"--file={partial}"],
                connection,
            )
            kind = "PostgreSQL custom-format dump (pg_restore)"
        else:
            raise BackupError(f"cannot back up a {connection.vendor} database")
        partial.replace(file)
    finally:
        partial.unlink(missing_ok=True)
    return kind


def restore(file: Path, *, using: str = "default") -> None:
    """Replace the whole database with the backup in `file`."""
    connection = connections[using]
    try:
        header = file.open("rb").read(16)
    except OSError as error:
        raise BackupError(f"cannot read {file}: {error.strerror}") from None
    if connection.vendor == "sqlite":
        if header != SQLITE_HEADER:
            raise BackupError(f"{file} is not a SQLite backup (made by `goldenthread backup`)")
        _sqlite_restore(connection, file)
    elif connection.vendor == "postgresql":
        if not header.startswith(PG_DUMP_HEADER):
            raise BackupError(f"{file} is not a PostgreSQL backup (made by `goldenthread backup`)")
        connections.close_all()  # this process holds no lock on what is dropped and made again
        _run(
            [
                _pg_tool("pg_restore"),
                "--clean",
                "--if-exists",
                "--single-transaction",  # all or nothing; stops at the first error
                "--no-owner",
                "--no-privileges",
                f"--dbname={connection.settings_dict['NAME']}",
                str(file),
            ],
            connection,
        )
    else:
        raise BackupError(f"cannot restore a {connection.vendor} database")


def tables_with_data(*, using: str = "default") -> list[str]:
    """The tables holding rows beyond what `migrate` puts there itself."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = sorted(set(connection.introspection.table_names(cursor)) - MIGRATE_FILLS)
        found = []
        for name in names:
            cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")  # names from introspection
            if cursor.fetchone():
                found.append(name)
    return found


def _sqlite_backup(connection: BaseDatabaseWrapper, target: Path) -> None:
    connection.ensure_connection()
    target.unlink(missing_ok=True)
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)  # consistent even while others write
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        (verdict,) = copy.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"the copy failed its integrity check: {verdict}")
    finally:
        copy.close()


def _sqlite_restore(connection: BaseDatabaseWrapper, file: Path) -> None:
    source = sqlite3.connect(f"{file.resolve().as_uri()}?mode=ro", uri=True)
    try:
        (verdict,) = source.execute("PRAGMA integrity_check").fetchone()
        if verdict != "ok":
            raise BackupError(f"{file} failed its integrity check: {verdict}")
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise BackupError("cannot restore inside a transaction")
        source.backup(connection.connection)  # page by page, under the database's write lock
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{file}: {error}") from None
    finally:
        source.close()


def _pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from PATH, else the newest of Debian's installed
    versions (a newer one reads and writes an older server's data)."""
    found = shutil.which(name)
    if found:
        return found
    versions = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if not versions:
        raise BackupError(f"{name} is needed for a PostgreSQL database: install postgresql-client")
    return versions[-1]


def _run(command: list[str], connection: BaseDatabaseWrapper) -> None:
    """Run a PostgreSQL tool against the connection's database; the password goes
    in the environment, never on a command line others can see."""
    s = connection.settings_dict
    env = {**os.environ, "PGDATABASE": str(s["NAME"])}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
    ):
        if s.get(key):
            env[variable] = str(s[key])
    if s.get("OPTIONS", {}).get("sslmode"):
        env["PGSSLMODE"] = str(s["OPTIONS"]["sslmode"])
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {done.stderr.strip()}")
