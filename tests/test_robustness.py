"""Every hard case ends with the right status and grade, and the rest of the cohort is graded.

Fixtures: tests/files/robust-*.ipynb (regenerate with tests/files/make_fixtures.py). Each is the
all-correct pre-test (12 autograded points) with one change.
"""

import os
import shutil

import nbformat
import pytest
from conftest import FILES, REPO, copy_course

from egov_course.coursedir import Course
from egov_course.grading import grade
from egov_course.grading.sandbox import bwrap_problem

pytestmark = pytest.mark.slow

# fixture → (status, autograded score or None, a fragment of the message)
CASES = {
    "robust-infinite-loop": ("graded_with_errors", 12, "CellTimeoutError"),
    "robust-ignores-sigint": ("graded_with_errors", 11, "CellTimeoutError"),  # answer 2 lost in the restart
    "robust-kernel-death": ("graded_with_errors", 11, "DeadKernelError"),  # only answer 3 lost
    "robust-huge-output": ("graded", 12, ""),
    "robust-wrong-kernel": ("graded", 12, ""),
    "robust-deleted-test-cell": ("graded", 12, ""),  # restored from the gradebook, then passed
    "robust-duplicated-test-cell": ("graded", 12, ""),
    # `pass` would have given 1 point if kept; the real tampering is named, not drowned
    "robust-edited-test-cell": ("graded", 0, "sel terkunci diubah peserta: spbe_definisi (dipulihkan dari gradebook)"),
    "robust-invalid-json": ("failed", None, "pretest.ipynb: bukan notebook yang bisa dibaca"),
    "robust-empty-file": ("failed", None, "pretest.ipynb: bukan notebook yang bisa dibaca"),
    "robust-no-notebook": ("failed", None, "tidak ada berkas .ipynb"),
}
SANDBOX_ONLY = {"robust-memory-bomb": ("graded_with_errors", 12, "MemoryError")}  # 8 GiB without a limit


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = copy_course(tmp_path_factory.mktemp("robust"))
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\nc.Execute.timeout = 5  # keep the timeout cases short in tests\n")
    cases = dict(CASES)
    sandbox = bwrap_problem() is None
    if sandbox:
        cases.update(SANDBOX_ONLY)
    elif os.environ.get("CI"):
        pytest.fail(f"the sandbox must work in CI: {bwrap_problem()}")
    for name in [*cases, "honest", "honest-release"]:
        folder = root / "submitted" / name / "pretest"
        folder.mkdir(parents=True)
        if name == "honest":
            shutil.copy(REPO / "source/pretest/pretest.ipynb", folder / "pretest.ipynb")
        elif name == "honest-release":  # what a learner really hands in: the release, one answer typed
            nb = nbformat.read(REPO / "release/pretest/pretest.ipynb", as_version=4)
            answer = next(c for c in nb.cells if c.metadata.get("egov_course", {}).get("answer_variable") == "jawaban_1")
            answer.source = answer.source.replace('jawaban_1 = ""', 'jawaban_1 = "b"')
            nbformat.write(nb, folder / "pretest.ipynb")
        elif name == "robust-no-notebook":
            (folder / "catatan.txt").write_text("lupa melampirkan notebook", encoding="utf-8")
        else:
            shutil.copy(FILES / f"{name}.ipynb", folder / "pretest.ipynb")
    results = {r.student_id: r for r in grade(Course(root), ["pretest"], isolation="auto" if sandbox else "off",
                                               warn=lambda message: None)}
    return cases, results


def test_every_case_gets_its_status_and_grade(graded):
    cases, results = graded
    problems = []
    for name, (status, score, fragment) in cases.items():
        got = results[name]
        if got.status != status or got.score != score or fragment not in got.message:
            problems.append(f"{name}: expected {status} {score} '{fragment}', got {got.status} {got.score} '{got.message}'")
    assert not problems, "\n".join(problems)


def test_the_rest_of_the_cohort_is_graded(graded):
    _, results = graded
    assert results["honest"].status == "graded" and results["honest"].score == 12
    assert all(r.status != "missing" for r in results.values())


def test_untouched_cells_with_hidden_tests_raise_no_tampering_note(graded):
    _, results = graded
    honest = results["honest-release"]
    assert (honest.status, honest.score, honest.message) == ("graded", 1, "")


def test_a_notebook_over_its_wall_time_gets_no_free_points(tmp_path):
    root = copy_course(tmp_path)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as fh:
        fh.write("\nc.LockReleasingExecute.notebook_timeout = 4\n")
    nb = nbformat.read(REPO / "source/pretest/pretest.ipynb", as_version=4)
    answer = next(c for c in nb.cells if c.metadata.get("egov_course", {}).get("answer_variable") == "jawaban_2")
    answer.source += "\nimport time\ntime.sleep(6)"
    folder = root / "submitted" / "lambat" / "pretest"
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / "pretest.ipynb")
    [result] = grade(Course(root), ["pretest"], isolation="auto" if bwrap_problem() is None else "off",
                     warn=lambda message: None)
    assert result.status == "graded_with_errors" and "NotExecuted" in result.message
    assert 1 <= result.score < 12  # the answers before the limit count; none after it
