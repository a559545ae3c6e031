"""Answering through a real kernel: every mistake a non-programmer makes gives one Indonesian sentence.

The notebooks run in a real IPython kernel through nbclient, as in JupyterLab: the quiz's own
*Persiapan* cell (`siapkan_kuis`), answer cells typed the way learners type them, the check cells.
"""

import json
import re

import nbformat
import pytest
from conftest import REPO
from nbclient import NotebookClient

from egov_course.quizshell import answer_text, transform_answer_lines

pytestmark = pytest.mark.slow

FORMATS = {1: "pilihan abcd", 2: "benar_salah", 3: "pilihan_banyak abcde", 4: "menjodohkan 4 abcde",
           5: "angka", 6: "tanggal"}
# what the learner types in the answer cell → what the ✓ or ✗ line must say
CASES = [
    ("jawaban_1 = c", 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),  # forgot the quotes: no NameError
    ('jawaban_1 = ""c""', 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),  # typed inside the quotes twice
    ("jawaban_1 = “c”", 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),  # curly quotes from WhatsApp or Word
    ('jawaban_1 = "" c', 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),  # typed after the quotes
    ('jawaban_1 = "c', 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),  # an unclosed quote
    ('jawaban_1 = "C."  # ketik satu huruf', 1, '✓ Bentuk jawaban nomor 1 sudah sesuai: "c".'),
    ('jawaban_1 = "e"', 1, '✗ Jawaban nomor 1 "e" tidak dikenal. Pilih satu huruf saja: "a", "b", "c" atau "d".'),
    ('jawaban_1 = ""', 1, "✗ Jawaban nomor 1 masih kosong."),
    ("jawaban_2 = benar", 2, '✓ Bentuk jawaban nomor 2 sudah sesuai: "benar".'),
    ('jawaban_2 = "bener"', 2, '✗ Jawaban nomor 2 "bener" tidak dikenal. Tulis "benar" atau "salah".'),
    ("jawaban_3 = a, c", 3, '✓ Bentuk jawaban nomor 3 sudah sesuai: "a, c".'),
    ('jawaban_4 = "1c 2a 3e 4b"', 4, '✓ Bentuk jawaban nomor 4 sudah sesuai: "1-c, 2-a, 3-e, 4-b".'),
    ("jawaban_5 = 2,5", 5, "✓ Bentuk jawaban nomor 5 sudah sesuai: angka 2,5."),  # not the tuple (2, 5)
    ('jawaban_5 = "1.650"', 5, "✓ Bentuk jawaban nomor 5 sudah sesuai: angka 1650."),  # Indonesian thousands, not 1,65
    ("jawaban_5 = 1.650", 5, "✓ Bentuk jawaban nomor 5 sudah sesuai: angka 1650."),
    ('jawaban_5 = "2.5"', 5, "✓ Bentuk jawaban nomor 5 sudah sesuai: angka 2,5."),
    ('jawaban_5 = "17 hari kerja"', 5, '✗ Jawaban nomor 5 "17 hari kerja" bukan angka.'),
    ('jawaban_6 = "Selasa, 20 Oktober 2026"', 6, "✓ Bentuk jawaban nomor 6 sudah sesuai: tanggal Selasa, 20 Oktober 2026."),
    ('jawaban_6 = "20-10-2026."', 6, "✓ Bentuk jawaban nomor 6 sudah sesuai: tanggal Selasa, 20 Oktober 2026."),
    ('jawaban_6 = "20-10-26"', 6, '✗ Tahun pada jawaban nomor 6 "20-10-26" ditulis dengan 4 angka'),
    ('jawaban_6 = "31-02-2026"', 6, '✗ Tanggal nomor 6 "31-02-2026" tidak ada di kalender.'),
]
ENGLISH = re.compile(r"Traceback|Error\b|NameError|SyntaxError|most recent call|File \"")


def _run(cells: list[str], allow_errors=True):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    NotebookClient(nb, timeout=60, kernel_name="python3", allow_errors=allow_errors,
                   resources={"metadata": {"path": str(REPO)}}).execute()
    return nb


def _text(cell) -> str:
    parts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            parts.append(output.text)
        elif output.output_type == "error":
            parts.append("\n".join(output.traceback))
        elif "text/plain" in output.get("data", {}):
            parts.append(output.data["text/plain"])
    return "".join(parts).strip()


@pytest.fixture(scope="module")
def practice():
    """One kernel: the set-up cell, then each case as an answer cell followed by its check cell."""
    setup = f"from egov_course.quizshell import siapkan_kuis\ncek_format = siapkan_kuis({FORMATS!r})"
    cells = [setup]
    for typed, nomor, _ in CASES:
        cells += [typed, f"cek_format(jawaban_{nomor}, nomor={nomor})"]
    # a check whose answer cell never ran; a line Python cannot read; a hidden test's message
    cells += ["cek_format(jawaban_9, nomor=9)", 'jawaban 1 = "c"', 'assert False, "Jawaban nomor 1 belum tepat."']
    return _run(cells)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_each_answering_mistake_gives_one_indonesian_sentence(practice, index):
    typed, _, expected = CASES[index]
    answer, check = practice.cells[1 + 2 * index], practice.cells[2 + 2 * index]
    for cell in (answer, check):  # the answer cell echoes the check, so the ✓ line shows what was just typed
        text = _text(cell)
        assert text.startswith(expected), (typed, text)
        assert len(text.splitlines()) == 1 and not ENGLISH.search(text), (typed, text)
        assert all(o.output_type != "error" for o in cell.outputs), "a visible check reports, it does not raise"


def test_errors_are_one_sentence_and_still_errors(practice):
    missing, unreadable, hidden = practice.cells[-3:]
    for cell, start in ((missing, "✗ Jawaban nomor 9 belum tersimpan. Jalankan dulu sel jawaban nomor 9"),
                        (unreadable, '✗ Python tidak bisa membaca baris 1 sel ini: jawaban 1 = "c".'),
                        (hidden, "✗ Jawaban nomor 1 belum tepat.")):
        errors = [o for o in cell.outputs if o.output_type == "error"]
        assert len(errors) == 1 and errors[0].traceback[0].startswith(start), cell.outputs
        assert len(errors[0].traceback) == 1 and not ENGLISH.search(errors[0].traceback[0])


def test_the_set_up_cell_can_run_twice():
    nb = _run([f"from egov_course.quizshell import siapkan_kuis\ncek_format = siapkan_kuis({FORMATS!r})"] * 2
              + ["jawaban_1 = b"], allow_errors=False)
    assert _text(nb.cells[-1]).count("✓") == 1


def _half_finished(assignment: str):
    """The release of a quiz as a learner leaves it overnight: the first answers typed (carelessly), the rest blank."""
    nb = nbformat.read(REPO / "release" / assignment / f"{assignment}.ipynb", as_version=4)
    answers = [c for c in nb.cells if "egov_course" in c.metadata]
    for cell, typed in zip(answers, ("b", '""a""', "“benar”"), strict=False):
        cell.source = cell.source.replace('= ""', f"= {typed}", 1)
    return nb, answers


@pytest.mark.parametrize("assignment", ["pretest", "kuis_03_kip"])
def test_run_all_after_a_restart_runs_a_half_finished_quiz_to_the_end(assignment, tmp_path):
    nb, answers = _half_finished(assignment)
    # a fresh kernel is what a restart gives; nbclient raises on the first cell that fails
    NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    assert all(c.execution_count for c in nb.cells if c.cell_type == "code"), "every cell ran"
    assert _text(answers[0]).startswith("✓ Bentuk jawaban nomor 1 sudah sesuai")
    assert "masih kosong" in _text(answers[-1])
    nbformat.write(nb, tmp_path / "run-all.ipynb")
    assert "Traceback" not in json.dumps([c.get("outputs", []) for c in nb.cells])


@pytest.mark.parametrize("typed, expected", [
    ("c", "c"), ('"c"  # komentar', "c"), ('""c""', "c"), ("“c”", "c"), ("'c'", "c"), ('"a", "c"', "a, c"), ("", ""),
])
def test_answer_text_is_what_the_learner_meant(typed, expected):
    assert answer_text(typed) == expected


def test_only_answer_lines_are_rewritten():
    lines = ['jawaban_1 = c  # ketik\n', 'x = jawaban_1 == "c"\n', '    jawaban_12="5"\n', "print(jawaban_1)"]
    out = transform_answer_lines(lines)
    assert out[:4] == ["jawaban_1 = 'c'\n", 'x = jawaban_1 == "c"\n', "jawaban_12 = '5'\n", "print(jawaban_1)\n"]
    assert out[4] == "_egov_gema_([1, 12])\n"
    assert transform_answer_lines(["print(1)\n"]) == ["print(1)\n"]
