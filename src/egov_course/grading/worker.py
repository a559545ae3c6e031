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
from jupyter_core.utils import run_sync
from nbclient.exceptions import CellTimeoutError, DeadKernelError
from nbformat import NotebookNode
from nbgrader.preprocessors import ClearHiddenTests, DeduplicateIds, Execute, OverwriteCells
from traitlets import Integer

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
    """nbgrader's ``Execute``, run without the gradebook lock so workers execute in parallel.

    It also keeps one crash from zeroing a notebook: when learner code kills the kernel
    (``os._exit``, a memory limit) or leaves it stuck after a timeout (a loop that ignores the
    interrupt), the cell gets an error output, the kernel is restarted, the cells before it are
    run again silently, and execution continues with the next cell.
    """

    responsive_seconds = 5  # how long a kernel may take to answer after an interrupted cell
    max_restarts = 5  # per notebook; after that the remaining cells are marked as not executed (0 points)
    notebook_timeout = Integer(600, help="Wall time (s) for one notebook; later cells are not executed").tag(config=True)

    def __init__(self, *args, **kwargs):
        if "private" in _STATE:  # inside a grading worker
            kwargs.setdefault("kernel_manager_class", PrivateKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._skip_on_replay: set[int] = set()
        self._restarts = 0
        self._deadline = time.monotonic() + self.notebook_timeout
        lock: FileLock | None = _STATE.get("lock")
        if lock is None or not lock.held:
            return super().preprocess(nb, resources, km)
        lock.release()
        try:
            return super().preprocess(nb, resources, km)
        finally:
            lock.acquire()

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        reason = ("kernel berulang kali berhenti" if self._restarts > self.max_restarts else
                  f"batas waktu notebook ({self.notebook_timeout} detik) terlampaui" if time.monotonic() > self._deadline
                  else None)
        if reason:
            # never leave a test cell without output: nbgrader would score it as passed
            cell.outputs = [NotebookNode(output_type="error", ename="NotExecuted", evalue=f"Tidak dijalankan: {reason}.",
                                         traceback=[f"NotExecuted: {reason}"])]
            return cell, resources
        try:
            cell, resources = super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._crashed(cell, index, "DeadKernelError",
                          "Kernel berhenti saat menjalankan sel ini; sel lain tetap dinilai.")
            return cell, resources
        except CellTimeoutError:  # the kernel never came back to idle after the interrupt
            self._crashed(cell, index, "CellTimeoutError",
                          "Sel ini tidak selesai dan tidak bisa dihentikan; kernel dimulai ulang, sel lain tetap dinilai.")
            return cell, resources
        if any(o.get("ename") == "CellTimeoutError" for o in cell.get("outputs", [])):
            self._skip_on_replay.add(index)
            if not self._kernel_responds():
                self._crashed(cell, index, None, None)
        return cell, resources

    def _crashed(self, cell, index: int, ename: str | None, evalue: str | None) -> None:
        """Record the crash on ``cell`` (unless already recorded), restart, replay, go on."""
        self._skip_on_replay.add(index)
        if ename:
            cell.outputs = [*cell.get("outputs", []), NotebookNode(
                output_type="error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"])]
        self._restarts += 1
        if self._restarts > self.max_restarts:
            self.log.error("Kernel restarted %d times; remaining cells are not executed", self.max_restarts)
            return
        run_sync(self.km.restart_kernel)(now=True)
        self.wait_for_reply(self.kc.kernel_info())
        # Run the earlier cells again straight through the client: nbclient's execute_cell would
        # write its cell back into the notebook, and the recorded outputs must stay as they are.
        for earlier, previous in enumerate(self.nb.cells[:index]):
            if previous.cell_type == "code" and earlier not in self._skip_on_replay and previous.source.strip():
                try:
                    self.wait_for_reply(self.kc.execute(previous.source, silent=True, store_history=False,
                                                        allow_stdin=False))
                except (DeadKernelError, CellTimeoutError):
                    break

    def _kernel_responds(self) -> bool:
        """True when the kernel answers a kernel_info request within ``responsive_seconds``."""
        msg_id = self.kc.kernel_info()
        deadline = time.monotonic() + self.responsive_seconds
        while time.monotonic() < deadline:
            try:
                reply = run_sync(self.kc.get_shell_msg)(timeout=max(0.1, deadline - time.monotonic()))
            except Exception:  # queue.Empty on timeout
                return False
            if reply.get("parent_header", {}).get("msg_id") == msg_id:
                return True
        return False


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


class DeduplicateIdsSafely(DeduplicateIds):
    """nbgrader's ``DeduplicateIds``, minus a crash.

    For a grade id that appears twice, nbgrader keeps the last cell and sets the earlier one's
    metadata to ``{}``; ``OverwriteCells(add_missing_cells=True)`` then reads ``grade_id`` from it
    and the whole notebook fails (``KeyError: 'grade_id'``). Removing the key instead leaves the
    earlier copy as a plain cell.
    """

    def preprocess_cell(self, cell, resources, cell_index):
        cell, resources = super().preprocess_cell(cell, resources, cell_index)
        if cell.metadata.get("nbgrader") == {}:
            del cell.metadata["nbgrader"]
        return cell, resources


class OverwriteCellsQuietly(OverwriteCells):
    """nbgrader's ``OverwriteCells`` without its false tampering warning.

    The gradebook keeps each locked cell's checksum *with* its hidden tests, while learners get
    the cell without them, so nbgrader warns "checksum ... has changed!" for every untouched cell
    with hidden tests and the real warning drowns. An untouched cell (its source equals the
    gradebook source minus the hidden tests) is restored silently; any other change still gets
    nbgrader's warning and restore.
    """

    _hidden = ClearHiddenTests()

    def preprocess_cell(self, cell, resources, cell_index):
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade_id") and meta.get("locked"):
            try:
                source_cell = self.gradebook.find_source_cell(meta["grade_id"], self.notebook_id, self.assignment_id)
            except Exception:
                source_cell = None
            if source_cell is not None and source_cell.locked and cell.source != source_cell.source:
                learner_copy = NotebookNode(cell_type=cell.cell_type, source=source_cell.source, metadata={})
                if self._hidden._remove_hidden_test_region(learner_copy) and learner_copy.source == cell.source:
                    cell.source = source_cell.source
        return super().preprocess_cell(cell, resources, cell_index)


def sanitize_preprocessors(course: Course) -> list:
    """The course's sanitize pipeline with nbgrader's ``DeduplicateIds`` and ``OverwriteCells`` swapped
    for :class:`DeduplicateIdsSafely` and :class:`OverwriteCellsQuietly`."""
    from nbgrader.converters import Autograde

    configured = course.config.Autograde.get("sanitize_preprocessors") or Autograde.class_traits()["sanitize_preprocessors"].default()
    swaps = {"DeduplicateIds": DeduplicateIdsSafely, "OverwriteCells": OverwriteCellsQuietly}
    return [next((new for name, new in swaps.items() if _is_nbgrader_class(pp, name)), pp) for pp in configured]


def _is_nbgrader_class(pp, name: str) -> bool:
    qualified = pp if isinstance(pp, str) else f"{pp.__module__}.{pp.__qualname__}"
    return qualified.startswith("nbgrader.") and qualified.rsplit(".", 1)[-1] == name


def autograde_preprocessors(course: Course) -> list:
    """The course's autograde pipeline with ``Execute`` swapped for :class:`LockReleasingExecute`."""
    from nbgrader.converters import Autograde

    configured = course.config.Autograde.get("autograde_preprocessors") or Autograde.class_traits()["autograde_preprocessors"].default()
    return [LockReleasingExecute if _is_nbgrader_class(pp, "Execute") else pp for pp in configured]


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
    config.Autograde.sanitize_preprocessors = sanitize_preprocessors(course)
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
        ok, message, tampered = run_autograde(course, assignment, student)
        seconds = time.perf_counter() - started
        return inspect_result(course, assignment, student, ok, message, seconds, tampered)
