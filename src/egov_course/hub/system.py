"""Commands as root or as another account, and the checks made before anything is changed."""

from __future__ import annotations

import os
import pwd
import shlex
import shutil
import socket
import subprocess
from collections.abc import Sequence
from pathlib import Path

from ..errors import EgovCourseError


def require_root(what: str) -> None:
    if os.geteuid() != 0:
        raise EgovCourseError(f"{what} perlu hak root (akun Linux dibuat di sini). Jalankan dengan sudo, misalnya `sudo make hub`.")


def run(command: Sequence[str], *, what: str, input: str | None = None, cwd: str | Path | None = None,
        env: dict[str, str] | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run a command; on failure raise an error naming ``what`` and the command's own last words."""
    done = subprocess.run(list(command), input=input, cwd=cwd, env=env, capture_output=True, text=True)
    if check and done.returncode != 0:
        words = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise EgovCourseError(f"{what} gagal ({shlex.join(command)}, kode {done.returncode}): {' / '.join(words)}")
    return done


def as_user(user: str, command: Sequence[str], **kwargs) -> subprocess.CompletedProcess:
    """Run ``command`` as ``user`` with that account's HOME, from its home folder unless ``cwd`` is given."""
    home = pwd.getpwnam(user).pw_dir
    kwargs.setdefault("cwd", home)
    env = {"HOME": home, "USER": user, "LOGNAME": user, "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(kwargs.pop("env", None) or {})
    runuser = shutil.which("runuser") or "/usr/sbin/runuser"  # env's PATH (the user's) may lack /usr/sbin
    return run([runuser, "-u", user, "--", *command], env=env, **kwargs)


def chown_tree(path: str | Path, uid: int, gid: int) -> None:
    """Give ``path`` and everything under it to ``uid:gid`` (symlinks themselves, never their targets)."""
    for folder, _dirs, files in os.walk(path):
        os.chown(folder, uid, gid)
        for name in files:
            os.chown(os.path.join(folder, name), uid, gid, follow_symlinks=False)


def port_free(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((ip if ip not in ("", "0.0.0.0") else "0.0.0.0", port))
        except OSError:
            return False
    return True


def require_free_ports(ip: str, ports: Sequence[int]) -> None:
    used = [p for p in ports if not port_free(ip, p)]
    if used:
        raise EgovCourseError(f"Port {', '.join(map(str, used))} di {ip} sudah dipakai program lain. Hub memakai port "
                              f"{ports[0]} dan tiga port sesudahnya ({', '.join(map(str, ports[1:]))}); pilih port lain, "
                              "misalnya `sudo make hub PORT=8100`.")


def missing_debian_packages(packages: dict[str, str | None]) -> list[str]:
    """The Debian packages of ``{package: command that shows it is installed, or None to ask dpkg}`` that are missing."""
    missing = []
    for package, probe in packages.items():
        if probe is not None:
            found = shutil.which(probe) is not None
        else:
            done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
            found = done.returncode == 0 and done.stdout.endswith("installed")
        if not found:
            missing.append(package)
    return missing


def apt_install(packages: Sequence[str]) -> None:
    if not packages:
        return
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    done = run(["apt-get", "install", "-y", "-q", *packages], what="apt-get install", env=env, check=False)
    if done.returncode != 0:
        run(["apt-get", "update", "-q"], what="apt-get update", env=env)
        run(["apt-get", "install", "-y", "-q", *packages], what=f"apt-get install {' '.join(packages)}", env=env)
