"""The gradebook as a database: copy an SQLite gradebook into PostgreSQL, checked, and empty one for the demo.

``egov-course gradebook migrate --to URL`` (:func:`migrate`) copies every row of a gradebook (nbgrader's
tables, the roster table ``egov_learner`` and ``alembic_version``) into an empty PostgreSQL database:

1. The source must be an nbgrader gradebook of this nbgrader's schema version with no foreign tables; the
   target must be reachable, exist, and hold nothing (no tables, or an nbgrader schema without data).
   Every refusal happens before anything is written.
2. nbgrader creates the target schema (``nbgrader.api.Gradebook(url)`` on the empty database: tables and
   the alembic version row), as it would for a new course.
3. One transaction: the rows nbgrader wrote at creation are removed, the source's rows are copied table
   by table in foreign-key order, then the row count of every table and every per-cell score
   (``grade.auto_score``, ``manual_score``, ``extra_credit``, ``needs_manual_grade``) and comment are read
   back from PostgreSQL and compared with the source. A difference, or any error, rolls the transaction
   back, and the schema of step 2 is dropped again: the target is left as it was.
"""

from __future__ import annotations

import contextlib
import functools
import getpass
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .analytics import GRADEBOOK_TABLES as CORE_TABLES
from .errors import EgovCourseError

LEARNER_TABLE = "egov_learner"
VERSION_TABLE = "alembic_version"
BATCH = 5000  # rows per INSERT batch

_CELL_KEY = """
FROM {table} x
JOIN base_cell bc ON bc.id = x.cell_id
JOIN notebook nb ON nb.id = bc.notebook_id
JOIN submitted_notebook sn ON sn.id = x.notebook_id
JOIN submitted_assignment sub ON sub.id = sn.assignment_id
JOIN assignment a ON a.id = sub.assignment_id
"""
SCORES_SQL = ("SELECT a.course_id, sub.student_id, a.name, nb.name, bc.name, "
              "x.auto_score, x.manual_score, x.extra_credit, x.needs_manual_grade" + _CELL_KEY.format(table="grade"))
COMMENTS_SQL = ("SELECT a.course_id, sub.student_id, a.name, nb.name, bc.name, x.auto_comment, x.manual_comment"
                + _CELL_KEY.format(table="comment"))


@functools.cache
def alembic_head() -> str:
    """nbgrader's schema version: the head of its alembic migrations (as ``nbgrader.api.get_alembic_version``,
    which runs the alembic command for it, seconds; this reads the same folder in-process)."""
    import nbgrader
    from alembic.script import ScriptDirectory

    return ScriptDirectory(str(Path(nbgrader.__file__).parent / "alembic")).get_current_head()


def nbgrader_tables() -> frozenset[str]:
    from nbgrader.api import Base

    return frozenset(Base.metadata.tables)


@dataclass
class MigrationResult:
    source: str  # URLs as shown (no password)
    target: str
    counts: dict[str, int]  # rows per table, equal in source and target
    grades: int  # per-cell scores compared
    comments: int
    seconds: float

    def summary(self) -> str:
        lines = [f"Gradebook {self.source} disalin ke {self.target} dalam {self.seconds:.1f} detik.",
                 "Diperiksa sama dengan sumber:"]
        lines += [f"  {name:<22} {count:>9} baris" for name, count in self.counts.items()]
        lines.append(f"  nilai {self.grades} sel (auto_score, manual_score, extra_credit) dan komentar {self.comments} sel sama persis.")
        lines.append(f'Pakai di kursus: tulis di nbgrader_config.py  c.CourseDirectory.db_url = "{self.target}"'
                     + (" (kata sandi seperti pada --to)" if ":***@" in self.target else ""))
        return "\n".join(lines)


def as_url(raw: str, option: str) -> sa.URL:
    """A SQLAlchemy URL; a plain path means that SQLite file."""
    if "://" not in raw:
        return sa.URL.create("sqlite", database=str(Path(raw).resolve()))
    try:
        return sa.make_url(raw)
    except (sa.exc.ArgumentError, ValueError):
        raise EgovCourseError(f"URL {option} tidak sah: {raw!r}. Tulis seperti postgresql+psycopg://pengguna@host:5432/gradebook.") from None


def shown(url: sa.URL) -> str:
    return url.render_as_string(hide_password=True)


def migrate(source: str, target: str) -> MigrationResult:
    """Copy the gradebook at ``source`` into the empty PostgreSQL database ``target`` and check the copy."""
    started = time.perf_counter()
    src_url, dst_url = as_url(source, "--from"), as_url(target, "--to")
    if dst_url.get_backend_name() != "postgresql":
        raise EgovCourseError(f"Tujuan --to harus basis data PostgreSQL, misalnya postgresql+psycopg://pengguna@localhost/gradebook, "
                              f"bukan {shown(dst_url)}.")
    if shown(src_url) == shown(dst_url):
        raise EgovCourseError(f"Sumber dan tujuan sama ({shown(dst_url)}); --to harus basis data PostgreSQL yang lain dan kosong.")
    src_engine = _source_engine(src_url)
    dst_engine = _engine(dst_url)
    try:
        src_meta, version = _read_source(src_engine, src_url)
        fresh = _check_target(dst_engine, dst_url, version)
        try:
            if fresh:
                _create_schema(dst_url)
            counts, grades, comments = _copy(src_engine, src_meta, dst_engine, dst_url)
        except BaseException:
            if fresh:
                with contextlib.suppress(sa.exc.SQLAlchemyError):  # the server went away: the first error says more
                    _drop_all(dst_engine)
            raise
    finally:
        src_engine.dispose()
        dst_engine.dispose()
    return MigrationResult(shown(src_url), shown(dst_url), counts, grades, comments, time.perf_counter() - started)


def clear_gradebook(url: str) -> None:
    """Delete every row of the gradebook at ``url`` (nbgrader's tables and ``egov_learner``); the schema stays.

    For a gradebook on a database server, where the demo cannot start over by deleting ``gradebook.db``.
    """
    parsed = as_url(url, "db_url")
    engine = _engine(parsed)
    wanted = nbgrader_tables() | {LEARNER_TABLE}
    try:
        with _connected(engine, parsed, begin=True) as conn:
            meta = sa.MetaData()
            meta.reflect(conn, only=lambda name, _meta: name in wanted)
            for table in reversed(meta.sorted_tables):
                conn.execute(table.delete())
    finally:
        engine.dispose()


# ---------------------------------------------------------------------------------------------
# Connecting, with messages that say what to fix
# ---------------------------------------------------------------------------------------------
def _engine(url: sa.URL) -> sa.Engine:
    try:
        return sa.create_engine(url)
    except (sa.exc.ArgumentError, sa.exc.NoSuchModuleError, ImportError) as exc:
        raise EgovCourseError(f"Basis data {shown(url)} tidak dapat dibuka ({exc}). Untuk PostgreSQL pakai "
                              "postgresql+psycopg://… (paket psycopg).") from None


def _reason(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).strip()
    text = text.removeprefix("connection failed: ")
    return " ".join(text.split())


def _server(url: sa.URL) -> tuple[str, str]:
    def one(value):
        return value[0] if isinstance(value, tuple) else value

    host = url.host or one(url.query.get("host")) or "localhost"
    port = url.port or one(url.query.get("port")) or 5432
    return str(host), str(port)


def _connect_error(exc: sa.exc.DBAPIError, url: sa.URL, engine: sa.Engine) -> EgovCourseError:
    """The one-line message for a failed connection to ``url``."""
    reason = _reason(exc)
    lowered = reason.lower()
    host, port = _server(url)
    user = url.username or getpass.getuser()
    if (f'"{url.database}"' in reason and "does not exist" in lowered) or _database_missing(url, engine, reason):
        return EgovCourseError(f"Basis data {url.database} belum ada di server PostgreSQL {host}:{port}; tidak ada yang diubah. "
                               f"Buat dulu sebagai admin PostgreSQL, misalnya: sudo -u postgres createdb -h {host} -p {port} "
                               f"-O {user} {url.database}")
    if "authentication failed" in lowered or "pg_hba.conf" in lowered or "password" in lowered:
        return EgovCourseError(f"Server PostgreSQL {host}:{port} menolak pengguna {user} ({reason}). Periksa nama pengguna, "
                               "kata sandi dan hak akses (pg_hba.conf).")
    if "fatal" in lowered:
        return EgovCourseError(f"Server PostgreSQL {host}:{port} menolak sambungan ({reason}).")
    return EgovCourseError(f"Server PostgreSQL {host}:{port} tidak dapat dihubungi ({reason}). Periksa bahwa server berjalan "
                           "dan host serta port pada URL benar.")


def _database_missing(url: sa.URL, engine: sa.Engine, reason: str) -> bool:
    """Ask the server's ``postgres`` database whether ``url``'s database exists (server messages may be translated)."""
    if url.get_backend_name() != "postgresql" or "fatal" not in reason.lower() or url.database in (None, "postgres"):
        return False
    probe = sa.create_engine(url.set(database="postgres"))
    try:
        with probe.connect() as conn:
            found = conn.execute(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": url.database}).first()
            return found is None
    except sa.exc.SQLAlchemyError:
        return False
    finally:
        probe.dispose()


@contextlib.contextmanager
def _connected(engine: sa.Engine, url: sa.URL, begin: bool = False) -> Iterator[sa.Connection]:
    try:
        conn = engine.connect()
    except sa.exc.DBAPIError as exc:
        raise _connect_error(exc, url, engine) from None
    with conn:
        if begin:
            with conn.begin():
                yield conn
        else:
            yield conn


# ---------------------------------------------------------------------------------------------
# Source and target checks (nothing is written before they pass)
# ---------------------------------------------------------------------------------------------
def _source_engine(url: sa.URL) -> sa.Engine:
    if url.get_backend_name() == "sqlite":
        path = url.database
        if not path or path == ":memory:" or not Path(path).is_file():  # sqlite would create an empty file
            raise EgovCourseError(f"Gradebook sumber tidak ditemukan: {shown(url)}. Sebutkan berkasnya dengan --from "
                                  "(misalnya --from sqlite:///gradebook.db).")
    return _engine(url)


def _read_source(engine: sa.Engine, url: sa.URL) -> tuple[sa.MetaData, str]:
    """The source's reflected tables and alembic version, after checking it is a gradebook we can copy whole."""
    meta = sa.MetaData()
    try:
        with _connected(engine, url) as conn:
            meta.reflect(conn)
            missing = sorted((CORE_TABLES | {VERSION_TABLE}) - set(meta.tables))
            if missing:
                raise EgovCourseError(f"Sumber {shown(url)} bukan gradebook nbgrader (tabel {', '.join(missing)} tidak ada); "
                                      "tidak ada yang disalin. Periksa --from.")
            versions = [v for (v,) in conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))]
    except sa.exc.DBAPIError as exc:
        raise EgovCourseError(f"Sumber {shown(url)} bukan gradebook nbgrader yang bisa dibaca ({_reason(exc)}); "
                              "tidak ada yang disalin. Periksa --from.") from None
    current = alembic_head()
    if versions != [current]:
        raise EgovCourseError(f"Gradebook sumber {shown(url)} memakai skema nbgrader versi {', '.join(versions) or '(tanpa versi)'}, "
                              f"bukan {current}; perbarui dulu dengan `nbgrader db upgrade`.")
    foreign = sorted(set(meta.tables) - nbgrader_tables() - {LEARNER_TABLE, VERSION_TABLE})
    if foreign:
        raise EgovCourseError(f"Sumber {shown(url)} berisi tabel di luar gradebook ({', '.join(foreign)}) yang tidak dapat "
                              "disalin; tidak ada yang disalin.")
    return meta, current


def _check_target(engine: sa.Engine, url: sa.URL, version: str) -> bool:
    """True when the target holds no tables; an empty nbgrader schema of ``version`` is accepted too (False)."""
    with _connected(engine, url) as conn:
        names = set(sa.inspect(conn).get_table_names())
        if not names:
            return True
        ours = nbgrader_tables() | {LEARNER_TABLE, VERSION_TABLE}
        foreign = sorted(names - ours)
        if foreign or not nbgrader_tables() <= names:
            raise EgovCourseError(f"Basis data tujuan {shown(url)} tidak kosong (tabel {', '.join(foreign or sorted(names))}); "
                                  "tidak ada yang diubah. Pakai basis data baru yang kosong (createdb).")
        filled = {name: conn.execute(sa.text(f'SELECT count(*) FROM "{name}"')).scalar_one()
                  for name in sorted(names - {"course", VERSION_TABLE})}
        filled = {name: n for name, n in filled.items() if n}
        if filled:
            example = ", ".join(f"{name} {n} baris" for name, n in list(filled.items())[:3])
            raise EgovCourseError(f"Basis data tujuan {shown(url)} sudah berisi gradebook nbgrader dengan data ({example}); "
                                  "tidak ada yang diubah. Pakai basis data baru yang kosong (createdb).")
        found = [v for (v,) in conn.execute(sa.text(f"SELECT version_num FROM {VERSION_TABLE}"))] if VERSION_TABLE in names else []
        if found != [version]:
            raise EgovCourseError(f"Basis data tujuan {shown(url)} berisi skema nbgrader versi {', '.join(found) or '(tanpa versi)'}, "
                                  f"bukan {version}; tidak ada yang diubah. Pakai basis data baru yang kosong (createdb).")
        return False


# ---------------------------------------------------------------------------------------------
# Writing: nbgrader's schema, then every row in one transaction, then the checks
# ---------------------------------------------------------------------------------------------
def _create_schema(url: sa.URL) -> None:
    from nbgrader.api import Gradebook

    from .coursedir import ensure_scripts_on_path

    ensure_scripts_on_path()
    try:
        Gradebook(url.render_as_string(hide_password=False)).close()
    except sa.exc.DBAPIError as exc:
        user = url.username or getpass.getuser()
        raise EgovCourseError(f"Tabel gradebook tidak dapat dibuat di {shown(url)} ({_reason(exc)}); pengguna {user} harus "
                              f"pemilik basis data (createdb -O {user} {url.database}). Tidak ada yang ditulis.") from None


def _copy(src_engine: sa.Engine, src_meta: sa.MetaData, dst_engine: sa.Engine, dst_url: sa.URL) -> tuple[dict[str, int], int, int]:
    from .roster import learner_table

    with src_engine.connect() as src, _connected(dst_engine, dst_url, begin=True) as dst:
        dst_meta = sa.MetaData()
        dst_meta.reflect(dst)
        if LEARNER_TABLE in src_meta.tables and LEARNER_TABLE not in dst_meta.tables:
            learner_table(dst_meta).create(dst)
        for table in reversed(dst_meta.sorted_tables):  # the course and version rows nbgrader wrote at creation
            dst.execute(table.delete())
        for table in src_meta.sorted_tables:
            target = dst_meta.tables[table.name]
            extra = sorted(set(table.c.keys()) - set(target.c.keys()))
            if extra:
                raise EgovCourseError(f"Kolom {table.name}.{', '.join(extra)} dari sumber tidak ada di skema nbgrader tujuan; "
                                      f"tidak ada yang ditulis ke {shown(dst_url)}.")
            try:
                rows = src.execute(sa.select(table))
                while batch := rows.fetchmany(BATCH):
                    dst.execute(target.insert(), [dict(row._mapping) for row in batch])
            except (sa.exc.DBAPIError, sa.exc.StatementError) as exc:
                raise EgovCourseError(f"Tabel {table.name} tidak dapat disalin ({_reason(exc)}); tidak ada yang ditulis ke "
                                      f"{shown(dst_url)}.") from None
        return _verify(src, src_meta, dst, dst_meta, dst_url)


def _verify(src: sa.Connection, src_meta: sa.MetaData, dst: sa.Connection, dst_meta: sa.MetaData,
            dst_url: sa.URL) -> tuple[dict[str, int], int, int]:
    """Compare row counts of every table and every per-cell score and comment; raise on any difference."""
    differences, counts = [], {}
    for table in src_meta.sorted_tables:
        before = src.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        after = dst.execute(sa.select(sa.func.count()).select_from(dst_meta.tables[table.name])).scalar_one()
        counts[table.name] = before
        if before != after:
            differences.append(f"{table.name}: {before} baris di sumber, {after} di tujuan")
    for sql, what in ((SCORES_SQL, "nilai"), (COMMENTS_SQL, "komentar")):
        before, after = _per_cell(src, sql), _per_cell(dst, sql)
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        differences += [f"{what} {'/'.join(map(str, key[1:]))}: {before.get(key)} → {after.get(key)}" for key in changed[:3]]
    if differences:
        raise EgovCourseError(f"Salinan tidak sama dengan sumber ({'; '.join(differences[:5])}); tidak ada yang ditulis ke "
                              f"{shown(dst_url)}.")
    return counts, counts.get("grade", 0), counts.get("comment", 0)


def _per_cell(conn: sa.Connection, sql: str) -> dict[tuple, tuple]:
    """(course, student, assignment, notebook, cell) → the cell's values; a doubled key keeps every copy."""
    cells: dict[tuple, tuple] = {}
    for row in conn.execute(sa.text(sql)):
        key, values = tuple(row[:5]), tuple(row[5:])  # needs_manual_grade: 1 in SQLite == True in PostgreSQL
        cells[key] = (*cells[key], values) if key in cells else (values,)
    return cells


def _drop_all(engine: sa.Engine) -> None:
    """Drop every table of a target that was empty before we wrote to it."""
    meta = sa.MetaData()
    with engine.begin() as conn:
        meta.reflect(conn)
        meta.drop_all(conn)
