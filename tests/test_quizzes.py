"""Every quiz through real nbgrader: the key scores full marks, the release and wrong answers zero,
partial credit is exact, `nbgrader validate` agrees, feedback hides the key, release/ leaks nothing."""

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import REPO

from egov_course.analytics import load_cell_grades
from egov_course.coursedir import Course
from egov_course.grading import grade
from egov_course.quiz import (
    Angka,
    BenarSalah,
    Menjodohkan,
    Pilihan,
    PilihanBanyak,
    Tanggal,
    angka_indonesia,
    credit_share,
    format_tanggal,
    parse_format,
)
from egov_course.quiznotebook import FORMAT_ROWS, printed_examples

pytestmark = pytest.mark.slow
ASSIGNMENTS = Course(REPO).source_assignments()
LEARNERS = ("kunci", "kosong", "salah", "sebagian")


def _items(source_nb):
    """(metadata, key as parsed, points) of every one-line answer, from the instructor's notebook."""
    points = {c.metadata.nbgrader.grade_id: c.metadata.nbgrader.points
              for c in source_nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    items = []
    for cell in source_nb.cells:
        meta = cell.metadata.get("egov_course")
        if meta:
            assign = [n for n in ast.parse(cell.source).body if isinstance(n, ast.Assign)][-1]
            fmt = parse_format(meta["spec"])
            items.append((meta, fmt, fmt.parse(ast.literal_eval(assign.value)), points[meta["item"]]))
    return items


def _literal(fmt, value) -> str:
    if isinstance(fmt, Angka):
        return json.dumps(angka_indonesia(value))
    if isinstance(fmt, Tanggal):
        return json.dumps(format_tanggal(value))
    if isinstance(fmt, PilihanBanyak):
        return json.dumps(", ".join(sorted(value)))
    if isinstance(fmt, Menjodohkan):
        return json.dumps(", ".join(f"{n}-{value[n]}" for n in sorted(value)))
    return json.dumps(value)


def _wrong(fmt, key):
    """A well-formed answer worth nothing."""
    if isinstance(fmt, Pilihan):
        return next(o for o in fmt.options if o != key)
    if isinstance(fmt, BenarSalah):
        return "salah" if key == "benar" else "benar"
    if isinstance(fmt, Angka):
        return key + 1000
    if isinstance(fmt, Tanggal):
        from datetime import timedelta
        return key + timedelta(days=1)
    if isinstance(fmt, PilihanBanyak):
        return frozenset(fmt.options) - key
    numbers = sorted(key)  # matching: every number gets the next number's letter
    return {n: key[numbers[(i + 1) % len(numbers)]] for i, n in enumerate(numbers)}


def _partial(fmt, key, points):
    """A half-right answer and the score it must get; all-or-nothing formats get the key."""
    if isinstance(fmt, PilihanBanyak):
        extra = sorted(set(fmt.options) - key)[0]
        return key | {extra}, round(points * (len(key) - 1) / len(key), 2)
    if isinstance(fmt, Menjodohkan):
        a, b = sorted(key)[:2]
        return {**key, a: key[b], b: key[a]}, round(points * (len(key) - 2) / len(key), 2)
    return key, points


def _answered(release_nb, answers):
    nb = nbformat.from_dict(json.loads(json.dumps(release_nb)))
    for cell in nb.cells:
        meta = cell.metadata.get("egov_course")
        if meta and meta["item"] in answers:
            cell.source = cell.source.replace('= ""', f"= {answers[meta['item']]}", 1)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("quizzes"))
    expected = {}
    for assignment in ASSIGNMENTS:
        source = nbformat.read(root / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        release = nbformat.read(root / "release" / assignment / f"{assignment}.ipynb", as_version=4)
        items = _items(source)
        wrong = {m["item"]: _literal(f, _wrong(f, k)) for m, f, k, _ in items}
        partial = {m["item"]: _partial(f, k, p) for m, f, k, p in items}
        expected[assignment] = {m["item"]: partial[m["item"]][1] for m, _, _, _ in items}
        notebooks = {"kunci": source, "kosong": release, "salah": _answered(release, wrong),
                     "sebagian": _answered(release, {i: _literal(f, partial[i][0])
                                                     for i, f in ((m["item"], f) for m, f, _, _ in items)})}
        for student, nb in notebooks.items():
            folder = root / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / f"{assignment}.ipynb")
    course = Course(root)
    results = {(r.assignment, r.student_id): r for r in grade(course, ASSIGNMENTS)}
    return results, load_cell_grades(course.db_url), expected, root


def _auto(cells, assignment, student):
    return cells[(cells.assignment == assignment) & (cells.student_id == student) & cells.autograded]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_key_scores_full_marks(graded, assignment):
    results, cells, _, _ = graded
    mine = _auto(cells, assignment, "kunci")
    assert len(mine) >= 8
    assert (mine.auto_score == mine.max_score).all(), mine[mine.auto_score != mine.max_score].grade_id.tolist()
    assert results[(assignment, "kunci")].status == "graded"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_release_and_well_formed_wrong_answers_score_zero_without_errors(graded, assignment):
    results, cells, _, _ = graded
    for student in ("kosong", "salah"):
        mine = _auto(cells, assignment, student)
        assert len(mine) >= 8 and (mine.auto_score == 0).all(), (student, mine[mine.auto_score != 0].grade_id.tolist())
        assert results[(assignment, student)].status == "graded" and results[(assignment, student)].score == 0


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_partial_credit_is_exact(graded, assignment):
    _, cells, expected, _ = graded
    mine = _auto(cells, assignment, "sebagian").set_index("grade_id").auto_score
    assert mine.round(2).to_dict() == pytest.approx(expected[assignment])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_essay_waits_for_the_instructor(graded, assignment):
    _, cells, _, _ = graded
    essay = cells[(cells.assignment == assignment) & (cells.student_id == "kunci") & (cells.cell_type == "markdown")]
    assert len(essay) == 1 and bool(essay.needs_manual_grade.iloc[0])


def test_feedback_shows_which_answer_is_wrong_but_not_the_key(graded):
    from egov_course.grading import feedback

    _, _, _, root = graded
    course = Course(root)
    for assignment in ("pretest", "kuis_03_kip"):
        done, failed = feedback(course, assignment, "salah")
        assert done == ["salah"] and failed == {}
        html = (root / "feedback" / "salah" / assignment / f"{assignment}.html").read_text(encoding="utf-8")
        assert "Jawaban nomor 1 belum tepat. Pelajari lagi:" in html
        for marker in ("HIDDEN TESTS", "cocok(", "skor(", "BEGIN SOLUTION", "Pedoman penilaian"):
            assert marker not in html, (assignment, marker)
        source = nbformat.read(root / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        for meta, fmt, key, _ in _items(source):
            solution_line = f"{meta['answer_variable']} = {_literal(fmt, key)}"
            assert solution_line not in html, (assignment, solution_line)


def test_nbgrader_validate_passes_on_source_and_inverted_on_release():
    sources = [str(REPO / "source" / a / f"{a}.ipynb") for a in ASSIGNMENTS]
    releases = [str(REPO / "release" / a / f"{a}.ipynb") for a in ASSIGNMENTS]
    runs = [subprocess.Popen([sys.executable, "-m", "nbgrader", "validate", *args], cwd=REPO, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
            for args in (sources, ["--invert", *releases])]  # the two runs side by side
    (source_out, _), (release_out, _) = (run.communicate(timeout=600) for run in runs)
    assert source_out.count("Success! Your notebook passes all the tests.") == len(ASSIGNMENTS), source_out[-3000:]
    assert release_out.count("Success! The notebook does not pass any tests.") == len(ASSIGNMENTS), release_out[-3000:]


# -- what learners receive: release/ and the package they import --------------------------------------
def _release_text(nb_path: Path) -> str:
    nb = nbformat.read(nb_path, as_version=4)
    return "\n".join([c.source for c in nb.cells] + [json.dumps(c.metadata, ensure_ascii=False) for c in nb.cells]
                     + [json.dumps(nb.metadata, ensure_ascii=False)])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_no_answer_key_can_be_read_from_the_release(assignment):
    source = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
    path = REPO / "release" / assignment / f"{assignment}.ipynb"
    release = nbformat.read(path, as_version=4)
    text = _release_text(path)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "cocok(", "skor(", "Pedoman penilaian",
                   "Contoh jawaban lengkap", '"key"'):
        assert marker not in text, f"release/{assignment}: {marker!r}"
    # Every answer cell is exactly its empty line; the visible checks only check the form.
    for cell in release.cells:
        meta = cell.metadata.get("egov_course")
        if meta:
            assert re.fullmatch(rf'{meta["answer_variable"]} = ""  # [^\n]+', cell.source.rstrip("\n")), cell.source
        if cell.metadata.get("nbgrader", {}).get("grade") and cell.cell_type == "code":
            code = [line for line in cell.source.splitlines() if not line.startswith("#")]
            assert len(code) == 1 and re.fullmatch(r"cek_format\(jawaban_(\d+), nomor=\1\)", code[0]), cell.source
    # No key is written anywhere a learner can read it.
    hints = {c.metadata["egov_course"]["item"]: c.source.split("#", 1)[1] for c in release.cells if "egov_course" in c.metadata}
    table = release.cells[0].source
    for meta, fmt, key, _ in _items(source):
        literal = _literal(fmt, key)
        assert f"{meta['answer_variable']} = {literal}" not in text
        # No example printed in the item's answer cell, nor in the instructions' table of forms, earns a
        # point on it (the table's bare letter or word for single choice and true/false is the form itself).
        examples = printed_examples(hints[meta["item"]])
        if not isinstance(fmt, (Pilihan, BenarSalah)):
            row = re.search(rf'`jawaban_contoh = "([^"]*)"` \| {re.escape(FORMAT_ROWS[meta["format"]][1])} \|', table)
            assert row, f"release/{assignment}: the table of forms has no row for {meta['format']}"
            examples.append(row.group(1))
        for example in examples:
            assert credit_share(fmt, example, key) == 0, f"release/{assignment}: example {example!r} scores on {meta['item']}"
        if isinstance(fmt, (Tanggal, PilihanBanyak, Menjodohkan)):  # recognisable as a whole, not inside a word
            bare = re.escape(literal.strip('"'))
            visible = re.search(rf"(?<![\w-]){bare}(?![\w-])", text)
            assert not visible, f"release/{assignment}: key of {meta['item']} is visible"
        if isinstance(fmt, Angka):
            assert not any(re.search(rf"(?<![\d.]){re.escape(literal)}(?![\d])", c.source)
                           for c in release.cells if c.cell_type == "code"), f"release/{assignment}: {meta['item']}"
    # The essay's mark scheme and model answer are only in the instructor's version.
    for cell in source.cells:
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution"):
            for line in cell.source.splitlines():
                if len(line) > 40 and "BEGIN" not in line:
                    assert line.strip() not in text, f"release/{assignment}: mark scheme line is visible"
    for cell in release.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None


def test_the_package_learners_import_holds_no_key():
    package = Path(__import__("egov_course").__file__).parent
    shipped = "\n".join(p.read_text(encoding="utf-8") for p in package.rglob("*") if p.suffix in (".py", ".yaml", ".csv"))
    assert "quizbank" not in {p.name for p in package.iterdir()}
    hidden = []
    for assignment in ASSIGNMENTS:
        source = nbformat.read(REPO / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        for cell in source.cells:
            if "BEGIN HIDDEN TESTS" in cell.source:
                hidden += cell.source.split("### BEGIN HIDDEN TESTS\n")[1].split("\n### END HIDDEN TESTS")[0].splitlines()
    assert len(hidden) >= 70
    assert not [line for line in hidden if line in shipped]
