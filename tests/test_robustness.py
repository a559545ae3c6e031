"""Every hard case ends with the right status and grade, and the rest of the cohort is graded.

Fixtures: tests/files/robust-*.ipynb (regenerate with tests/files/make_fixtures.py). Each is the
all-correct pre-test (12 autograded points) with one change.
"""

import os
import shutil

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
    "robust-edited-test-cell": ("graded", 0, ""),  # `pass` would have given 1 point if kept
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
    for name in [*cases, "honest"]:
        folder = root / "submitted" / name / "pretest"
        folder.mkdir(parents=True)
        if name == "honest":
            shutil.copy(REPO / "source/pretest/pretest.ipynb", folder / "pretest.ipynb")
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
