"""Autograde every submission of an assignment with nbgrader, one at a time.

This is the simple, correct version: each submission goes through stock ``nbgrader autograde``
(via ``NbGraderAPI``); a submission that fails is recorded with its reason and the rest of the
cohort is still graded. The parallel, isolated grader replaces the loop in a later step.
"""

from __future__ import annotations

import csv
import fnmatch
import re
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from ..coursedir import Course
from ..errors import EgovCourseError

STATUSES = ("graded", "failed", "missing")


@dataclass
class GradeResult:
    assignment: str
    student_id: str
    status: str  # one of STATUSES
    score: float | None  # autograded points
    max_score: float | None  # autograded points available
    needs_manual_grade: bool
    seconds: float
    message: str = ""


def grade(course: Course, assignments: list[str], students: str | None = None, progress=None) -> list[GradeResult]:
    """Autograde ``assignments`` for every submitted learner (or those matching the glob ``students``)."""
    released = set(course.source_assignments()) | set(course.released_assignments())
    unknown = [a for a in assignments if a not in released]
    if unknown:
        raise EgovCourseError(f"Tugas tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(sorted(released)) or '(tidak ada)'}.")
    results: list[GradeResult] = []
    for assignment in assignments:
        ensure_in_gradebook(course, assignment)
        todo = [s for s in course.submissions(assignment) if students is None or fnmatch.fnmatch(s, students)]
        for student in todo:
            started = time.perf_counter()
            try:
                with warnings.catch_warnings():
                    # nbgrader's own session handling warns on every new submission (harmless).
                    warnings.filterwarnings("ignore", message=".*not in session.*")
                    outcome = course.run("autograde", assignment, student, force=True, create=True)
                ok, message = outcome.get("success", False), failure_reason(outcome)
                if not ok:
                    message = unreadable_notebook(course.step_dir("submitted") / student / assignment) or message
            except Exception as exc:  # nbgrader raised instead of reporting: keep going
                ok, message = False, f"{type(exc).__name__}: {exc}"
            seconds = time.perf_counter() - started
            results.append(_result(course, assignment, student, ok, message, seconds))
            if progress:
                progress(results[-1])
        results.extend(_missing(course, assignment, set(todo), students))
    return results


def _result(course, assignment, student, ok, message, seconds) -> GradeResult:
    score = max_score = None
    manual = False
    if ok:
        with course.gradebook() as gb:
            try:
                sub = gb.find_submission(assignment, student)
            except Exception:
                sub = None
            if sub is not None:
                score, max_score = float(sub.code_score), float(sub.max_code_score)
                manual = bool(sub.needs_manual_grade)
    if ok and score is None:
        ok, message = False, "nbgrader reported success but the gradebook has no grades for this submission"
    return GradeResult(assignment, student, "graded" if ok else "failed", score, max_score, manual,
                       round(seconds, 2), message)


def _missing(course, assignment, submitted: set[str], students: str | None) -> list[GradeResult]:
    """Learners in the gradebook who did not submit ``assignment``."""
    with course.gradebook() as gb:
        everyone = [s.id for s in gb.students]
    return [GradeResult(assignment, s, "missing", None, None, False, 0.0, "tidak mengumpulkan")
            for s in sorted(everyone)
            if s not in submitted and (students is None or fnmatch.fnmatch(s, students))]


def ensure_in_gradebook(course: Course, assignment: str) -> None:
    """nbgrader grades only assignments whose cells are in the gradebook; a fresh clone has none.

    When the assignment is missing there, generate it from ``source/`` (this also rewrites
    ``release/``, identically when release/ is in sync with source/).
    """
    with course.gradebook() as gb:
        try:
            known = len(gb.find_assignment(assignment).notebooks) > 0
        except Exception:
            known = False
    if known:
        return
    if not (course.step_dir("source") / assignment).is_dir():
        raise EgovCourseError(
            f"Tugas {assignment} belum ada di gradebook {course.db_url} dan tidak ada di source/; "
            "rilis dulu dengan `egov-course release`.")
    outcome = course.run("generate_assignment", assignment, force=True, create=True)
    if not outcome.get("success"):
        raise EgovCourseError(f"Tugas {assignment} tidak bisa dimasukkan ke gradebook: {failure_reason(outcome)}")


def unreadable_notebook(folder: Path) -> str | None:
    """Name the first notebook in a submission that is not a readable notebook, and why."""
    import nbformat

    for path in sorted(folder.glob("*.ipynb")):
        try:
            nbformat.read(path, as_version=4)
        except Exception as exc:  # NotJSONError, empty file, bad schema, bad encoding
            detail = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
            return f"{path.name}: bukan notebook yang bisa dibaca ({detail})"
    return None


def failure_reason(outcome: dict) -> str:
    """Why nbgrader failed, naming the notebook it was working on when it can.

    The first ERROR line nbgrader logged, else the most specific exception in the traceback
    (not nbgrader's generic "see the above traceback").
    """
    log = outcome.get("log") or ""
    notebooks = _NOTEBOOK_IN_LOG.findall(log)
    where = f"{Path(notebooks[-1]).name}: " if notebooks else ""
    for line in log.splitlines():
        match = _ERROR_LINE.match(line.strip())
        if match and not any(generic in line for generic in _GENERIC_ERRORS):
            return where + match.group(1).strip()
    text = log + "\n" + (outcome.get("error") or "")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    specific = [line for line in lines if _EXCEPTION_LINE.match(line) and "NbGraderException" not in line]
    reason = specific[-1] if specific else (lines[-1] if lines else "nbgrader gagal tanpa pesan")
    return where + reason


_ERROR_LINE = re.compile(r"^\[(?:[\w]+ \| )?ERROR\] (.*)$")
_GENERIC_ERRORS = ("above traceback", "There was an error processing", "Traceback (most recent call last)")
_EXCEPTION_LINE = re.compile(r"^[A-Za-z_][\w.]*(Error|Exception|Exit|Interrupt)\b.*")
_NOTEBOOK_IN_LOG = re.compile(r"(?:Sanitizing|Converting notebook|Autograding) (\S+\.ipynb)")


def write_results(path: Path, results: list[GradeResult]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(GradeResult.__dataclass_fields__))
        writer.writeheader()
        writer.writerows(asdict(r) for r in results)
    return path


def feedback(course: Course, assignment: str, students: str | None = None) -> tuple[list[str], dict[str, str]]:
    """nbgrader HTML feedback for every autograded submission; returns (done, failed → reason)."""
    autograded = course.step_dir("autograded")
    todo = sorted(p.name for p in autograded.iterdir() if (p / assignment).is_dir()) if autograded.is_dir() else []
    if students:
        todo = [s for s in todo if fnmatch.fnmatch(s, students)]
    done, failed = [], {}
    for student in todo:
        outcome = course.run("generate_feedback", assignment, student, force=True)
        if outcome.get("success"):
            done.append(student)
        else:
            failed[student] = failure_reason(outcome)
    return done, failed
