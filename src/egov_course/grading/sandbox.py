"""Run a grading kernel inside a bubblewrap (``bwrap``) sandbox.

A generated kernelspec (``egov-sandbox``) starts this module as a launcher instead of ipykernel.
The launcher runs outside the sandbox, in the folder of the notebook being graded, and then:

1. sets resource limits that the kernel inherits: address space (memory) and CPU time;
2. copies that folder to a scratch folder *without notebooks* (the autograded notebook on disk
   already holds the restored hidden tests, so learner code must not be able to read it);
3. execs ``bwrap`` with every namespace unshared (no network but the sandbox's own loopback, its
   own pids) and a file system of: read-only system folders and a few ``/etc`` files, read-only
   Python and the ``egov_course`` package, the scratch copy at the notebook folder's path, and the
   worker's private runtime folder (connection file and ipc sockets). Nothing else of the course
   exists inside: not the gradebook, not ``source/``, not other learners' folders.

The kernelspec uses ``interrupt_mode: message`` (a signal to bwrap would not reach the kernel) and
the launcher drops ``JPY_PARENT_PID`` (the parent's pid means nothing inside a pid namespace).

Limits not enforced: the number of processes (``RLIMIT_NPROC`` does not bind root, and grading
runs as root in CI); disk use inside the scratch copy and ``/tmp`` (bounded only by the machine).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KERNEL_NAME = "egov-sandbox"
RUNTIME_PREFIX = "egov-grade-"  # tempfile prefix of a grading run's runtime folder
ETC_FILES = ("ld.so.cache", "localtime", "passwd", "group", "nsswitch.conf", "hosts", "host.conf")
SYSTEM_LINKS = ("bin", "lib", "lib64", "sbin")


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 4 << 30  # address space of the kernel (RLIMIT_AS)
    cpu_seconds: int = 300  # CPU time of the kernel (RLIMIT_CPU); wall time is nbgrader's per-cell timeout


@functools.lru_cache(maxsize=1)
def bwrap_problem() -> str | None:
    """None when bubblewrap works here; otherwise why not (missing, or namespaces refused)."""
    bwrap = shutil.which("bwrap")
    if bwrap is None:
        return "bubblewrap (bwrap) tidak terpasang; di Debian: apt-get install bubblewrap"
    probe = [bwrap, "--unshare-all", "--die-with-parent", *_system_binds(), "--", sys.executable, "-c", "pass"]
    done = subprocess.run(probe, capture_output=True, text=True, timeout=60)
    if done.returncode != 0:
        return f"bwrap tidak bisa membuat sandbox di mesin ini: {done.stderr.strip()[:300]}"
    return None


def write_kernelspec(jupyter_dir: Path, limits: Limits) -> Path:
    """Write the ``egov-sandbox`` kernelspec under ``jupyter_dir/kernels``; return ``jupyter_dir``.

    A process finds it once ``jupyter_dir`` is on its JUPYTER_PATH (see ``worker.init_worker``).
    """
    folder = jupyter_dir / "kernels" / KERNEL_NAME
    folder.mkdir(parents=True, exist_ok=True)
    spec = {
        "argv": [sys.executable, "-m", "egov_course.grading.sandbox", "--memory", str(limits.memory_bytes),
                 "--cpu", str(limits.cpu_seconds), "{connection_file}"],
        "display_name": "Python 3 (sandbox penilaian)",
        "language": "python",
        "interrupt_mode": "message",
        "metadata": {"debugger": False},
    }
    (folder / "kernel.json").write_text(json.dumps(spec, indent=1), encoding="utf-8")
    return jupyter_dir


def _system_binds() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]
    for name in SYSTEM_LINKS:
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    for name in ETC_FILES:
        if (Path("/etc") / name).exists():
            args += ["--ro-bind", f"/etc/{name}", f"/etc/{name}"]
    for root in _python_roots():
        args += ["--ro-bind", root, root]
    return args


def _python_roots() -> list[str]:
    """Folders Python and the installed packages live in (read-only inside the sandbox)."""
    import egov_course

    candidates = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
                  os.path.dirname(os.path.realpath(sys.executable)),
                  str(Path(egov_course.__file__).resolve().parents[1])}  # src/ of an editable install
    roots = sorted(p for p in candidates if p and os.path.isdir(p) and not p.startswith("/usr"))
    # drop folders inside another one in the list
    return [p for p in roots if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in roots)]


def sandbox_command(workdir: Path, scratch: Path, runtime: Path, python_args: list[str]) -> list[str]:
    return [shutil.which("bwrap") or "bwrap", "--unshare-all", "--die-with-parent", "--new-session",
            *_system_binds(),
            "--bind", str(scratch), str(workdir), "--chdir", str(workdir),
            "--bind", str(runtime), str(runtime),
            "--unsetenv", "JPY_PARENT_PID", "--setenv", "HOME", "/tmp", "--setenv", "EGOV_SANDBOX", "1",
            "--", sys.executable, *python_args]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="launch an ipykernel inside bubblewrap (grading only)")
    parser.add_argument("--memory", type=int, default=Limits.memory_bytes)
    parser.add_argument("--cpu", type=int, default=Limits.cpu_seconds)
    parser.add_argument("connection_file")
    args, kernel_args = parser.parse_known_args(argv)  # e.g. Execute.extra_arguments, for ipykernel

    workdir = Path.cwd().resolve()
    runtime = Path(args.connection_file).resolve().parent
    if not (runtime.name.startswith("w") and runtime.parent.name.startswith(RUNTIME_PREFIX)):
        # the folder is bound read-write into the sandbox: never a shared one such as /tmp
        sys.exit(f"egov-sandbox: connection file {args.connection_file} is not in a private grading folder")
    scratch = runtime / f"werk-{os.getpid()}"
    shutil.copytree(workdir, scratch, ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    resource.setrlimit(resource.RLIMIT_AS, (args.memory, args.memory))
    resource.setrlimit(resource.RLIMIT_CPU, (args.cpu, args.cpu))
    command = sandbox_command(workdir, scratch, runtime,
                              ["-m", "ipykernel_launcher", "-f", args.connection_file, *kernel_args])
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)  # the kernel prints a connection banner there; cell output goes over ZMQ
    os.execv(command[0], command)


if __name__ == "__main__":
    main()
