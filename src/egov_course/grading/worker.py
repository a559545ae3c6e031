"""What runs inside one grading worker process.

Each worker runs nbgrader's own ``Autograde`` (through ``NbGraderAPI``) for one submission at a
time, so the grades are nbgrader's. Two things make several workers safe together:

* **Kernels cannot collide.** Every worker's kernels use the ipc transport with sockets under an
  absolute, per-process path, instead of TCP ports that two kernels may pick at the same moment.
* **Gradebook writes never overlap.** A worker holds an exclusive file lock for everything it does
  with the gradebook; :class:`LockReleasingExecute` (nbgrader's ``Execute``) lets go of it only
  while the learner's code runs. Execution overlaps across workers; database work is serial.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

from nbgrader.preprocessors import Execute

from ..coursedir import Course

_STATE: dict = {}


class FileLock:
    """An exclusive ``flock`` on a file, shared by the worker processes of one grading run."""

    def __init__(self, path: str | Path):
        self._fh = open(path, "a+")  # noqa: SIM115 - held for the life of the worker
        self.held = False

    def acquire(self) -> None:
        fcntl.flock(self._fh, fcntl.LOCK_EX)
        self.held = True

    def release(self) -> None:
        self.held = False
        fcntl.flock(self._fh, fcntl.LOCK_UN)

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        if self.held:
            self.release()


class LockReleasingExecute(Execute):
    """nbgrader's ``Execute``, run without the gradebook lock so workers execute in parallel."""

    def preprocess(self, nb, resources=None, km=None):
        lock: FileLock | None = _STATE.get("lock")
        if lock is None or not lock.held:
            return super().preprocess(nb, resources, km)
        lock.release()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            lock.acquire()


def autograde_preprocessors(course: Course) -> list:
    """The course's autograde pipeline with ``Execute`` swapped for :class:`LockReleasingExecute`."""
    from nbgrader.converters import Autograde

    configured = course.config.Autograde.get("autograde_preprocessors") or Autograde.class_traits()["autograde_preprocessors"].default()
    swapped = []
    for pp in configured:
        name = pp if isinstance(pp, str) else f"{pp.__module__}.{pp.__qualname__}"
        is_execute = name.rsplit(".", 1)[-1] == "Execute" and name.startswith("nbgrader.")
        swapped.append(LockReleasingExecute if is_execute else pp)
    return swapped


def init_worker(course_root: str, runtime_dir: str) -> None:
    """Process initializer: open the course with a per-worker kernel transport and the shared lock."""
    course = Course(course_root)
    config = course.config
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = os.path.join(runtime_dir, f"kernel-{os.getpid()}")
    config.Autograde.autograde_preprocessors = autograde_preprocessors(course)
    _STATE.update(course=course, lock=FileLock(os.path.join(runtime_dir, "gradebook.lock")))


def grade_one(assignment: str, student: str):
    """Autograde one submission in this worker; never raises for a learner's fault."""
    from .autograde import inspect_result, run_autograde

    course: Course = _STATE["course"]
    lock: FileLock = _STATE["lock"]
    started = time.perf_counter()
    with lock:
        ok, message = run_autograde(course, assignment, student)
        seconds = time.perf_counter() - started
        return inspect_result(course, assignment, student, ok, message, seconds)
