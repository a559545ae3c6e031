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
import uuid
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
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


class PrivateKernelManager(AsyncKernelManager):
    """Writes each kernel's connection file in this worker's private runtime folder.

    jupyter_client's default is a ``mkstemp`` file in the machine's /tmp, which the sandbox must
    not see (it would have to bind all of /tmp to reach it).
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if not self.connection_file:
            self.connection_file = os.path.join(_STATE["private"], f"kernel-{uuid.uuid4().hex}.json")


class LockReleasingExecute(Execute):
    """nbgrader's ``Execute``, run without the gradebook lock so workers execute in parallel."""

    def __init__(self, *args, **kwargs):
        if "private" in _STATE:  # inside a grading worker
            kwargs.setdefault("kernel_manager_class", PrivateKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        lock: FileLock | None = _STATE.get("lock")
        if lock is None or not lock.held:
            return super().preprocess(nb, resources, km)
        lock.release()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            lock.acquire()


class _SchemaCheckedOnce:
    """Stands in for ``jsonschema`` inside nbgrader's cell-metadata check, in worker processes only.

    nbgrader calls ``jsonschema.validate(metadata, schema)`` for every cell twice per submission;
    each call first re-validates the (constant) schema itself, about 0.4 s of CPU per pre-test
    submission. This keeps one validator per schema; errors are the same (``best_match``).
    """

    def __init__(self, real):
        self._real = real
        self._validators: dict[int, tuple] = {}

    def validate(self, instance, schema, *args, **kwargs):
        if args or kwargs:
            return self._real.validate(instance, schema, *args, **kwargs)
        schema_and_validator = self._validators.get(id(schema))
        if schema_and_validator is None or schema_and_validator[0] is not schema:
            cls = self._real.validators.validator_for(schema)
            cls.check_schema(schema)
            schema_and_validator = (schema, cls(schema))
            self._validators[id(schema)] = schema_and_validator
        error = self._real.exceptions.best_match(schema_and_validator[1].iter_errors(instance))
        if error is not None:
            raise error

    def __getattr__(self, name):
        return getattr(self._real, name)


def _speed_up_metadata_checks() -> None:
    from nbgrader.nbgraderformat import common

    if not isinstance(common.jsonschema, _SchemaCheckedOnce):
        common.jsonschema = _SchemaCheckedOnce(common.jsonschema)


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


def init_worker(course_root: str, runtime_dir: str, sandbox_jupyter_dir: str | None = None) -> None:
    """Process initializer: the course with a private kernel runtime folder and the shared lock.

    Kernels talk over ipc sockets in ``runtime_dir/w<pid>`` (nothing to collide with another
    worker). With ``sandbox_jupyter_dir`` (where the parent wrote the ``egov-sandbox``
    kernelspec) they run in that sandbox (see ``sandbox``).
    """
    from .sandbox import KERNEL_NAME

    _speed_up_metadata_checks()
    private = Path(runtime_dir) / f"w{os.getpid()}"
    private.mkdir(mode=0o700)
    os.environ["JUPYTER_RUNTIME_DIR"] = str(private)
    course = Course(course_root)
    config = course.config
    config.KernelManager.transport = "ipc"
    config.KernelManager.ip = str(private / "kernel")
    config.Autograde.autograde_preprocessors = autograde_preprocessors(course)
    if sandbox_jupyter_dir:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [sandbox_jupyter_dir, os.environ.get("JUPYTER_PATH")]))
        config.Execute.kernel_name = KERNEL_NAME
    _STATE.update(course=course, private=str(private), lock=FileLock(os.path.join(runtime_dir, "gradebook.lock")))


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
