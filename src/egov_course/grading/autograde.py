"""Autograde a cohort with nbgrader, several submissions at a time.

Each submission goes through nbgrader's own ``Autograde`` in a worker process (see ``worker``);
a submission that fails is recorded with its status and reason, and the rest of the cohort is
still graded. Every submission ends with one status:

* ``graded``: nbgrader graded it;
* ``graded_with_errors``: graded, but a cell timed out or the learner's own (non-test) code raised;
* ``failed``: could not be graded, with the reason (never shown as an honest 0);
* ``missing``: a learner in the gradebook who did not submit.

A run can be interrupted (Ctrl-C, kill) and run again: each graded submission is recorded with a
fingerprint of its files in ``autograded/<assignment>/grading_state.json``, written atomically as
results arrive, and the next run skips submissions whose files have not changed (``force``
regrades everything). nbgrader replaces a regraded submission's grades, so nothing is duplicated.
"""

from __future__ import annotations

import csv
import fnmatch
import hashlib
import json
import os
import re
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

from ..coursedir import Course
from ..errors import EgovCourseError

STATUSES = ("graded", "graded_with_errors", "failed", "missing")
REPORT_COLUMNS = ("student_id", "status", "score", "max_score", "seconds", "message")
# Errors that mean the learner's code did not run to the end, wherever they occur.
_TAMPERED = re.compile(r"Attribute 'checksum' for cell (\S+) has changed")
_HARD_ERRORS = {"KeyboardInterrupt", "CellTimeoutError", "DeadKernelError", "TimeoutError", "NotExecuted"}


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
    reused: bool = False  # taken from an earlier run: the submission had not changed


def grade(course: Course, assignments: list[str], students: str | None = None, workers: int | None = None,
          progress=None, isolation: str = "auto", limits=None, warn=None, force: bool = False) -> list[GradeResult]:
    """Autograde ``assignments`` for every submitted learner (or those matching the glob ``students``).

    ``workers`` processes grade concurrently (default: the number of cores). Results come back in
    course order; ``progress`` is called with each result as it arrives.

    ``isolation``: ``"auto"`` runs learner code in the bubblewrap sandbox when it works here and
    otherwise grades anyway, calling ``warn`` (default: stderr) with a loud warning; ``"on"``
    refuses to grade without it; ``"off"`` never sandboxes.
    """
    import multiprocessing
    import tempfile
    from concurrent.futures import ProcessPoolExecutor, as_completed

    from . import worker
    from .sandbox import RUNTIME_PREFIX, Limits, bwrap_problem, write_kernelspec

    released = set(course.source_assignments()) | set(course.released_assignments())
    unknown = [a for a in assignments if a not in released]
    if unknown:
        raise EgovCourseError(f"Tugas tidak dikenal: {', '.join(unknown)}. Yang ada: {', '.join(sorted(released)) or '(tidak ada)'}.")
    jobs = []
    for assignment in assignments:
        ensure_in_gradebook(course, assignment)
        jobs += [(assignment, s) for s in course.submissions(assignment) if students is None or fnmatch.fnmatch(s, students)]

    if isolation not in ("auto", "on", "off"):
        raise EgovCourseError(f"isolation harus auto, on atau off, bukan {isolation!r}.")
    problem = bwrap_problem() if isolation != "off" else None
    if problem and isolation == "on":
        raise EgovCourseError(f"Isolasi diminta tetapi tidak tersedia: {problem}")
    isolated = isolation != "off" and problem is None

    results: list[GradeResult] = []
    states = {a: GradingState(course, a) for a in assignments}
    in_gradebook = _graded_in_gradebook(course, assignments)
    jobs_left = []
    for assignment, student in jobs:
        fingerprint = submission_fingerprint(course.step_dir("submitted") / student / assignment)
        earlier = None if force or (assignment, student) not in in_gradebook else states[assignment].result(student, fingerprint)
        if earlier is not None:
            results.append(earlier)
            if progress:
                progress(earlier)
        else:
            jobs_left.append((assignment, student, fingerprint))
    if jobs_left and not isolated:
        (warn or _warn_stderr)(
            "PERINGATAN: kode peserta dijalankan TANPA isolasi (hak akses penuh pengajar, jaringan terbuka). "
            + (f"Sebab: {problem}" if problem else "Isolasi dimatikan (--isolation off)."))
    if jobs_left:
        workers = max(1, min(workers or os.cpu_count() or 1, len(jobs_left)))
        with tempfile.TemporaryDirectory(prefix=RUNTIME_PREFIX) as runtime:
            kernels = str(write_kernelspec(Path(runtime) / "jupyter", limits or Limits())) if isolated else None
            context = multiprocessing.get_context("spawn")
            pool = ProcessPoolExecutor(workers, mp_context=context, initializer=worker.init_worker,
                                       initargs=(str(course.root), runtime, kernels))
            try:
                futures = {pool.submit(worker.grade_one, a, s): (a, s, f) for a, s, f in jobs_left}
                for future in as_completed(futures):
                    assignment, student, fingerprint = futures[future]
                    try:
                        result = future.result()
                    except Exception as exc:  # the worker itself died: record it, keep going
                        result = GradeResult(assignment, student, "failed", None, None, False, 0.0,
                                             f"worker gagal: {type(exc).__name__}: {exc}")
                    states[assignment].record(result, fingerprint)
                    results.append(result)
                    if progress:
                        progress(result)
            except BaseException:  # Ctrl-C or an error here: stop the workers, keep what is recorded
                for process in list(getattr(pool, "_processes", {}).values()):
                    process.terminate()
                pool.shutdown(wait=False, cancel_futures=True)
                raise
            pool.shutdown(wait=True)
    for assignment in assignments:
        submitted = {s for a, s in jobs if a == assignment}
        results.extend(_missing(course, assignment, submitted, students))
    order = {a: i for i, a in enumerate(assignments)}
    return sorted(results, key=lambda r: (order[r.assignment], r.student_id))


def _graded_in_gradebook(course: Course, assignments: list[str]) -> set[tuple[str, str]]:
    """(assignment, student) pairs that have a submission in the gradebook."""
    with course.gradebook() as gb:
        return {(a, sub.student.id) for a in assignments for sub in gb.assignment_submissions(a)}


def submission_fingerprint(folder: Path) -> str:
    """SHA-256 over the names and bytes of every file of a submission (timestamp.txt included)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


class GradingState:
    """Which submissions of an assignment were graded, with which files, and their results."""

    def __init__(self, course: Course, assignment: str):
        self.path = course.step_dir("autograded") / assignment / "grading_state.json"
        self.entries: dict = {}
        if self.path.exists():
            try:
                self.entries = json.loads(self.path.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                self.entries = {}  # a damaged state only costs regrading

    def result(self, student: str, fingerprint: str) -> GradeResult | None:
        entry = self.entries.get(student)
        if not entry or entry.get("fingerprint") != fingerprint:
            return None
        return GradeResult(**{**entry["result"], "reused": True})

    def record(self, result: GradeResult, fingerprint: str) -> None:
        if result.status not in ("graded", "graded_with_errors"):
            self.entries.pop(result.student_id, None)  # failures are tried again next run
        else:
            self.entries[result.student_id] = {"fingerprint": fingerprint, "result": {**asdict(result), "reused": False}}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)  # atomic: a kill never leaves half a file


def _warn_stderr(message: str) -> None:
    import sys

    bar = "!" * min(100, len(message))
    print(f"{bar}\n{message}\n{bar}", file=sys.stderr, flush=True)


def run_autograde(course: Course, assignment: str, student: str) -> tuple[bool, str, list[str]]:
    """nbgrader autograde of one submission: (success, reason when it failed, tampered cells)."""
    outcome: dict = {}
    try:
        with warnings.catch_warnings():
            # nbgrader's own session handling warns on every new submission (harmless).
            warnings.filterwarnings("ignore", message=".*not in session.*")
            outcome = course.run("autograde", assignment, student, force=True, create=True)
        ok, message = outcome.get("success", False), failure_reason(outcome)
    except Exception as exc:  # nbgrader raised instead of reporting: keep going
        ok, message = False, f"{type(exc).__name__}: {exc}"
    if not ok:
        message = unreadable_notebook(course.step_dir("submitted") / student / assignment) or message
    tampered = sorted(set(_TAMPERED.findall(outcome.get("log") or "")))
    return ok, ("" if ok else message), tampered


def inspect_result(course: Course, assignment: str, student: str, ok: bool, message: str, seconds: float,
                   tampered: list[str] | None = None) -> GradeResult:
    """The result of one autograde: scores from the gradebook, errors from the autograded notebooks."""
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
        if score is None:
            ok, message = False, "nbgrader melaporkan berhasil, tetapi gradebook tidak berisi nilai kiriman ini"
    status = "failed"
    if ok:
        errors = cell_errors(course.step_dir("autograded") / student / assignment)
        status = "graded_with_errors" if errors else "graded"
        notes = errors[:3] + ([f"+{len(errors) - 3} lagi"] if len(errors) > 3 else [])
        doubled = duplicate_grade_ids(course.step_dir("submitted") / student / assignment)
        if doubled:
            notes.append(f"sel ganda: {', '.join(doubled)} (salinan terakhir yang dinilai)")
        if tampered:
            notes.append(f"sel terkunci diubah peserta: {', '.join(tampered)} (dipulihkan dari gradebook)")
        message = "; ".join(notes)
    return GradeResult(assignment, student, status, score, max_score, manual, round(seconds, 2), message)


def duplicate_grade_ids(folder: Path) -> list[str]:
    """nbgrader grade ids that appear more than once in the submitted notebooks."""
    doubled = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            cells = json.loads(path.read_text(encoding="utf-8")).get("cells", [])
        except (ValueError, OSError, AttributeError):
            continue
        ids = [c.get("metadata", {}).get("nbgrader", {}).get("grade_id") for c in cells if isinstance(c, dict)]
        doubled += sorted({i for i in ids if i and ids.count(i) > 1})
    return doubled


def cell_errors(folder: Path) -> list[str]:
    """Cells of the autograded notebooks that timed out, or whose learner code raised.

    An error in a test cell is how a wrong answer scores 0, so it is not listed (unless the cell
    timed out or the kernel died there).
    """
    import nbformat

    found = []
    for path in sorted(folder.glob("*.ipynb")):
        try:
            nb = nbformat.read(path, as_version=4)
        except Exception as exc:
            found.append(f"{path.name}: {type(exc).__name__}")
            continue
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            meta = cell.metadata.get("nbgrader", {})
            is_test = meta.get("grade") and not meta.get("solution")
            for output in cell.get("outputs", []):
                if output.get("output_type") != "error":
                    continue
                ename = output.get("ename", "Error")
                if is_test and ename not in _HARD_ERRORS:
                    continue
                found.append(f"{path.stem}:{meta.get('grade_id', f'sel {index + 1}')}: {ename}")
    return found


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

    if not any(folder.glob("*.ipynb")):
        return "tidak ada berkas .ipynb di kiriman ini"
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


def write_report(course: Course, assignment: str, results: list[GradeResult]) -> Path:
    """``autograded/<assignment>/grading_report.csv``: one row per submission of this run."""
    path = course.step_dir("autograded") / assignment / "grading_report.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=REPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(asdict(r) for r in results if r.assignment == assignment)
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
