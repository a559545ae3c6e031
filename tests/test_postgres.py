"""A PostgreSQL gradebook gives what the SQLite one gives, and `egov-course gradebook migrate` loses nothing.

Every test runs against a private PostgreSQL server (tests/pgserver.py, fixture ``postgres_server``). A
``db_url`` that nbgrader does not pick up silently falls back to ``gradebook.db`` (nbgrader #1661), so the
tests check which database was written: no gradebook.db appears, and PostgreSQL holds the rows.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import REPO, copy_course

from egov_course.analytics import load_cell_grades
from egov_course.cli import _reset_synthetic_run, main
from egov_course.coursedir import Course

ASSIGNMENTS = ["pretest", "kuis_01_spbe"]
LEARNERS, SEED = 8, 13
OWNER, PASSWORD = "kursus", "sandi:rahasia@1"  # the URL must quote both characters
CELL_COLUMNS = ["student_id", "assignment", "notebook", "grade_id", "cell_type", "max_score", "auto_score",
                "manual_score", "needs_manual_grade", "score", "autograded", "timestamp", "duedate"]


# ---------------------------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------------------------
def _use_database(course: Path, url: str) -> None:
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write(f"\nc.CourseDirectory.db_url = {url!r}\n")


def _new_database(server, owner: str = OWNER) -> str:
    name = server.new_name("gb")
    server.create_database(name, owner=owner)
    return name


def _run(*args) -> None:
    assert main([*map(str, args)]) == 0, args


def _cycle(course: Path, workers: int = 2, assignments=ASSIGNMENTS) -> None:
    """simulate (roster import into egov_learner + submissions) → grade → feedback → report → dashboard."""
    _run("simulate", "--course-dir", course, "--learners", LEARNERS, "--seed", SEED, "--opds", 2, "--assignments", *assignments)
    _run("grade", *assignments, "--course-dir", course, "--workers", workers)
    _run("feedback", *assignments, "--course-dir", course)
    _run("report", "--course-dir", course)
    _run("dashboard", "--course-dir", course, "--k", 1)


def _cells(url: str) -> pd.DataFrame:
    frame = load_cell_grades(url)[CELL_COLUMNS]
    return frame.sort_values(CELL_COLUMNS[:4]).reset_index(drop=True)


def _feedback_text(path: Path) -> str:
    return "".join(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")).split())


def _per_cell(url: str, table: str, values: str) -> list[tuple]:
    """(student, assignment, notebook, cell, *values) of every grade or comment, sorted."""
    query = (f"SELECT sa.student_id, a.name, nb.name, bc.name, {values} FROM {table} x "
             "JOIN base_cell bc ON bc.id = x.cell_id JOIN notebook nb ON nb.id = bc.notebook_id "
             "JOIN submitted_notebook sn ON sn.id = x.notebook_id JOIN submitted_assignment sa ON sa.id = sn.assignment_id "
             "JOIN assignment a ON a.id = sa.assignment_id")
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            return sorted((tuple(r) for r in conn.execute(sa.text(query))), key=repr)
    finally:
        engine.dispose()


def _snapshot(url: str) -> dict[str, int]:
    """Table → row count: what a refusal must leave unchanged."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(sa.inspect(conn).get_table_names())
            return {n: conn.execute(sa.text(f'SELECT count(*) FROM "{n}"')).scalar_one() for n in names}
    finally:
        engine.dispose()


def _migrate(capsys, *args) -> tuple[int, str, str]:
    capsys.readouterr()  # drop what earlier commands printed
    code = main(["gradebook", "migrate", *map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _refused(capsys, *args) -> str:
    code, out, err = _migrate(capsys, *args)
    assert code == 2 and not out, (code, out, err)
    message = err.strip()
    assert message.startswith("egov-course: ") and "\n" not in message, message
    return message


# ---------------------------------------------------------------------------------------------
# fixtures: the same synthetic cohort through every command, once on SQLite and once on PostgreSQL
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg(postgres_server):
    postgres_server.create_role(OWNER, PASSWORD)
    postgres_server.create_role("root")  # peer authentication over the socket: the OS user root
    return postgres_server


@pytest.fixture(scope="module")
def runs(tmp_path_factory, pg):
    sqlite_course = copy_course(tmp_path_factory.mktemp("sqlite"))
    _cycle(sqlite_course)
    pg_course = copy_course(tmp_path_factory.mktemp("postgres"))
    db = _new_database(pg)
    url = pg.tcp_url(db, OWNER, PASSWORD)
    _use_database(pg_course, url)
    _cycle(pg_course)
    return {"sqlite": sqlite_course, "pg": pg_course, "db": db, "url": url}


# ---------------------------------------------------------------------------------------------
# every command on PostgreSQL
# ---------------------------------------------------------------------------------------------
pytestmark = pytest.mark.slow


def test_the_postgres_run_wrote_postgres_and_no_gradebook_db(runs, pg):
    assert Course(runs["pg"]).db_url == runs["url"]
    assert not (runs["pg"] / "gradebook.db").exists(), "db_url was not picked up: nbgrader fell back to SQLite"
    assert (runs["sqlite"] / "gradebook.db").is_file()
    expected = sqlite3.connect(runs["sqlite"] / "gradebook.db")
    for table in ("student", "egov_learner", "submitted_assignment", "grade", "comment"):
        count = int(pg.psql(f"SELECT count(*) FROM {table}", runs["db"]))
        assert count > 0 and count == expected.execute(f"SELECT count(*) FROM {table}").fetchone()[0], table
    assert int(pg.psql("SELECT count(*) FROM egov_learner WHERE synthetic", runs["db"])) == LEARNERS
    assert pg.psql("SELECT version_num FROM alembic_version", runs["db"]) == \
        expected.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_per_cell_scores_and_submission_totals_are_identical(runs):
    sqlite_cells, pg_cells = _cells(f"sqlite:///{runs['sqlite'] / 'gradebook.db'}"), _cells(runs["url"])
    assert len(sqlite_cells) > LEARNERS * 10 and sqlite_cells.auto_score.sum() > 0
    pd.testing.assert_frame_equal(pg_cells, sqlite_cells)
    for assignment in ASSIGNMENTS:
        reports = [pd.read_csv(runs[k] / "autograded" / assignment / "grading_report.csv").drop(columns="seconds")
                   .sort_values("student_id").reset_index(drop=True) for k in ("sqlite", "pg")]
        pd.testing.assert_frame_equal(reports[1], reports[0])
        assert set(reports[0].status) <= {"graded", "missing"} and (reports[0].status == "graded").sum() >= LEARNERS - 2
    totals = []
    for key in ("sqlite", "pg"):
        with Course(runs[key]).gradebook() as gb:
            totals.append(sorted((a, s.student.id, s.score, s.max_score, s.code_score, s.needs_manual_grade)
                                 for a in ASSIGNMENTS for s in gb.assignment_submissions(a)))
    assert totals[0] == totals[1] and len(totals[0]) >= 2 * (LEARNERS - 2)


def test_report_dashboard_and_feedback_are_identical(runs):
    for name in ("ringkasan_opd.csv", "kompetensi_opd.csv"):
        sqlite_table, pg_table = (pd.read_csv(runs[k] / "reports" / name) for k in ("sqlite", "pg"))
        assert len(sqlite_table) > 0
        pd.testing.assert_frame_equal(pg_table, sqlite_table)
    sqlite_feedback = sorted(p.relative_to(runs["sqlite"]) for p in (runs["sqlite"] / "feedback").rglob("*.html"))
    pg_feedback = sorted(p.relative_to(runs["pg"]) for p in (runs["pg"] / "feedback").rglob("*.html"))
    assert sqlite_feedback == pg_feedback and len(sqlite_feedback) >= 2 * (LEARNERS - 2)
    for path in sqlite_feedback:  # same text, scores included; how a kernel split its stdout into outputs may differ
        assert _feedback_text(runs["sqlite"] / path) == _feedback_text(runs["pg"] / path), path
    assert "Score" in _feedback_text(runs["pg"] / pg_feedback[0])
    secrets = (PASSWORD, quote(PASSWORD, safe=""))  # the dashboard's executed notebook keeps its URL, password hidden
    assert not [p for p in (runs["pg"] / "reports").iterdir() if any(s.encode() in p.read_bytes() for s in secrets)]
    assert f"{OWNER}:***@127.0.0.1" in (runs["pg"] / "reports" / "kompetensi_opd.ipynb").read_text(encoding="utf-8")


def test_parallel_grading_into_postgres_equals_one_worker(runs, pg, tmp_path):
    course = copy_course(tmp_path)
    db = _new_database(pg)
    url = pg.tcp_url(db, OWNER, PASSWORD)
    _use_database(course, url)
    _run("simulate", "--course-dir", course, "--learners", LEARNERS, "--seed", SEED, "--opds", 2, "--assignments", "pretest")
    _run("grade", "pretest", "--course-dir", course, "--workers", 1)
    one, two = _cells(url), _cells(runs["url"])  # runs["url"]: graded with 2 workers
    pd.testing.assert_frame_equal(one, two[two.assignment == "pretest"].reset_index(drop=True))
    for database in (db, runs["db"]):  # no lost or doubled rows
        rows = pg.psql("SELECT count(*), count(DISTINCT (g.notebook_id, g.cell_id)) FROM grade g JOIN submitted_notebook sn "
                       "ON sn.id = g.notebook_id JOIN submitted_assignment sa ON sa.id = sn.assignment_id JOIN assignment a "
                       "ON a.id = sa.assignment_id WHERE a.name = 'pretest'", database)
        total, distinct = map(int, rows.split("|"))
        assert total == distinct == len(one)
    assert not (course / "gradebook.db").exists()


def test_roster_import_and_demo_reset_on_postgres(pg, tmp_path, capsys):
    course = copy_course(tmp_path)
    db = _new_database(pg, owner="root")
    _use_database(course, pg.socket_url(db, "root"))  # peer authentication, no password anywhere
    roster = REPO / "examples" / "roster_contoh.csv"
    _run("roster", "import", roster, "--course-dir", course)
    _run("roster", "import", roster, "--course-dir", course)  # again: updates by NIP, keeps the ids
    out = capsys.readouterr().out
    assert "0 baru, 8 diperbarui" in out
    assert pg.psql("SELECT count(*), count(*) FILTER (WHERE NOT synthetic), min(student_id), max(student_id) FROM egov_learner", db) \
        == "8|8|asn-0001|asn-0008"
    assert pg.psql("SELECT nip FROM egov_learner WHERE student_id = 'asn-0001'", db) == "198503142010012004"
    assert int(pg.psql("SELECT count(*) FROM student", db)) == 8
    assert main(["demo", "--course-dir", str(course), "--learners", "2"]) == 2  # real learners: the demo refuses
    assert "peserta sungguhan" in capsys.readouterr().err
    assert int(pg.psql("SELECT count(*) FROM egov_learner", db)) == 8, "the real roster must be left alone"

    (tmp_path / "demo").mkdir()
    synthetic = copy_course(tmp_path / "demo")
    db = _new_database(pg, owner="root")
    _use_database(synthetic, pg.socket_url(db, "root"))
    _run("simulate", "--course-dir", synthetic, "--learners", 3, "--assignments", "pretest")
    assert int(pg.psql("SELECT count(*) FROM egov_learner", db)) == 3
    _reset_synthetic_run(Course(synthetic))  # what `egov-course demo` does first: start from an empty gradebook
    for table in ("egov_learner", "student", "assignment", "course"):
        assert pg.psql(f"SELECT count(*) FROM {table}", db) == "0", table
    assert pg.psql("SELECT count(*) FROM alembic_version", db) == "1"
    _run("simulate", "--course-dir", synthetic, "--learners", 2, "--assignments", "pretest")
    assert int(pg.psql("SELECT count(*) FROM egov_learner", db)) == 2
    assert not (course / "gradebook.db").exists() and not (synthetic / "gradebook.db").exists()


# ---------------------------------------------------------------------------------------------
# gradebook migrate
# ---------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def graded(runs, tmp_path_factory):
    """A copy of the SQLite run with what formgrader adds: manual scores, extra credit, comments."""
    course = tmp_path_factory.mktemp("graded") / "course"
    shutil.copytree(runs["sqlite"], course)
    with Course(course).gradebook() as gb:
        submissions = gb.assignment_submissions("pretest")[:4]
        for n, submission in enumerate(submissions):
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.cell.cell_type == "markdown":  # the essay
                        grade.manual_score = 1.5 + n
                        grade.extra_credit = 0.25 * n
                for comment in notebook.comments:
                    comment.manual_comment = f'Jawaban "cukup" — sebut Pasalnya ✓ ({n})\nbaris kedua'
        gb.db.commit()
    _run("report", "--course-dir", course)
    return course


def test_migrate_copies_every_row_and_the_report_is_the_same(graded, pg, capsys, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(graded, course)
    source = f"sqlite:///{course / 'gradebook.db'}"
    db = _new_database(pg, owner="root")
    target = pg.socket_url(db, "root")
    code, out, err = _migrate(capsys, "--course-dir", course, "--to", target)
    assert code == 0, err
    assert "grade" in out and "sama persis" in out and "c.CourseDirectory.db_url" in out

    before, after = _snapshot(source), _snapshot(target)
    assert before == after and before["egov_learner"] == LEARNERS and before["alembic_version"] == 1
    assert before["grade"] > LEARNERS * 10 and before["comment"] > 0
    pd.testing.assert_frame_equal(_cells(target), _cells(source))
    grades, comments = [_per_cell(url, "grade", "x.auto_score, x.manual_score, x.extra_credit") for url in (source, target)], \
        [_per_cell(url, "comment", "x.auto_comment, x.manual_comment") for url in (source, target)]
    assert grades[0] == grades[1] and len(grades[0]) == before["grade"]
    assert comments[0] == comments[1] and len(comments[0]) == before["comment"]
    assert sum(r[-1] == 0.75 for r in grades[0]) == 1 and sum(r[-2] == 3.5 for r in grades[0]) == 1
    assert sum(bool(r[-1]) and "✓ (3)\nbaris kedua" in r[-1] for r in comments[0]) > 1

    expected = pd.read_csv(course / "reports" / "ringkasan_opd.csv")
    (course / "gradebook.db").rename(course / "gradebook.sqlite-lama")  # a fallback to SQLite would now show nothing
    _use_database(course, target)
    _run("report", "--course-dir", course)
    pd.testing.assert_frame_equal(pd.read_csv(course / "reports" / "ringkasan_opd.csv"), expected)
    assert not (course / "gradebook.db").exists()

    # the migrated database now holds data: a second migration into it is refused and changes nothing
    message = _refused(capsys, "--from", graded / "gradebook.db", "--to", target)
    assert f"/{db}" in message and "sudah berisi gradebook nbgrader dengan data" in message
    assert _snapshot(target) == after


def test_migrate_fills_an_empty_nbgrader_schema(graded, pg, capsys):
    """A course pointed at PostgreSQL before migrating: nbgrader made its tables and a course row, no data yet."""
    from nbgrader.api import Gradebook, get_alembic_version

    from egov_course.gradebook_db import alembic_head

    db = _new_database(pg)
    target = pg.tcp_url(db, OWNER, PASSWORD)
    Gradebook(target, course_id="spbe-dumai").close()
    assert _snapshot(target)["course"] == 1
    code, out, err = _migrate(capsys, "--from", graded / "gradebook.db", "--to", target)
    assert code == 0, err
    assert _snapshot(target) == _snapshot(f"sqlite:///{graded / 'gradebook.db'}")
    assert alembic_head() == get_alembic_version() == pg.psql("SELECT version_num FROM alembic_version", db)


def test_migrate_refusals_leave_the_target_unchanged(graded, pg, capsys, tmp_path):
    source = graded / "gradebook.db"
    db = _new_database(pg)
    target = pg.tcp_url(db, OWNER, PASSWORD)

    missing = pg.new_name("tidakada")
    message = _refused(capsys, "--from", source, "--to", pg.tcp_url(missing, OWNER, PASSWORD))
    assert f"Basis data {missing} belum ada" in message and f"createdb -h 127.0.0.1 -p {pg.port} -O {OWNER} {missing}" in message
    assert pg.psql(f"SELECT count(*) FROM pg_database WHERE datname = '{missing}'") == "0"

    from pgserver import _free_port

    closed = _free_port()
    message = _refused(capsys, "--from", source, "--to", f"postgresql+psycopg://{OWNER}:x@127.0.0.1:{closed}/{db}")
    assert f"127.0.0.1:{closed} tidak dapat dihubungi" in message

    message = _refused(capsys, "--from", source, "--to", pg.tcp_url(db, OWNER, "salah"))
    assert f"127.0.0.1:{pg.port} menolak pengguna {OWNER}" in message and "salah" not in message

    not_gradebook = tmp_path / "lain.db"
    with sqlite3.connect(not_gradebook) as conn:
        conn.execute("CREATE TABLE catatan (id INTEGER PRIMARY KEY, isi TEXT)")
    text_file = tmp_path / "bukan.db"
    text_file.write_text("ini bukan basis data\n" * 100, encoding="utf-8")
    for bad in (not_gradebook, text_file):
        message = _refused(capsys, "--from", bad, "--to", target)
        assert "bukan gradebook nbgrader" in message and bad.name in message
    message = _refused(capsys, "--from", tmp_path / "tidak-ada.db", "--to", target)
    assert "Gradebook sumber tidak ditemukan" in message and not (tmp_path / "tidak-ada.db").exists()

    pg.psql(f"SET ROLE {OWNER}; CREATE TABLE milik_lain (id int); INSERT INTO milik_lain VALUES (1)", db)
    message = _refused(capsys, "--from", source, "--to", target)
    assert "tidak kosong (tabel milik_lain)" in message
    assert _snapshot(target) == {"milik_lain": 1}
    assert _snapshot(pg.tcp_url(db, OWNER, PASSWORD)) == {"milik_lain": 1}


def test_a_migration_that_fails_half_way_leaves_nothing_behind(graded, pg, capsys, tmp_path):
    """PostgreSQL refuses a NUL character in text, which SQLite stores: the copy fails after nbgrader made the schema."""
    source = tmp_path / "gradebook.db"
    shutil.copy(graded / "gradebook.db", source)
    with sqlite3.connect(source) as conn:
        conn.execute("UPDATE comment SET manual_comment = ? WHERE id = (SELECT min(id) FROM comment)", ("ada NUL \x00 di sini",))
    db = _new_database(pg)
    target = pg.tcp_url(db, OWNER, PASSWORD)
    message = _refused(capsys, "--from", source, "--to", target)
    assert "Tabel comment tidak dapat disalin" in message and "tidak ada yang ditulis" in message
    assert _snapshot(target) == {}, "the schema nbgrader created must be dropped again"
