"""A private, throwaway PostgreSQL server for a test session (Debian's ``postgresql`` package).

``initdb`` and ``pg_ctl`` refuse to run as root, so the server runs as the ``postgres`` OS user from a
folder it owns. It listens on 127.0.0.1 and on a socket in ``base_dir/sock``; ``pg_hba.conf`` allows only
peer authentication on the socket and scram-sha-256 passwords over TCP, never ``trust``, so a test can
rely on PostgreSQL's own access control (a Linux user who is not a role's owner cannot get in).

    with PostgresServer(base_dir) as server:
        server.create_role("kursus", "rahasia")
        server.create_database("gradebook", owner="kursus")
        url = server.tcp_url("gradebook", "kursus", "rahasia")
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import quote

OS_USER = "postgres"
PG_HBA = "local all all peer\nhost all all 127.0.0.1/32 scram-sha-256\n"


def _bin_dir() -> Path | None:
    """The newest /usr/lib/postgresql/<version>/bin that has initdb."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0)
    return Path(found[-1]).parent if found else None


def postgres_problem() -> str | None:
    """None when a private server can be started here, else why not."""
    if _bin_dir() is None:
        return "PostgreSQL tidak terpasang (/usr/lib/postgresql/*/bin/initdb tidak ada): apt-get install -y postgresql"
    if os.geteuid() != 0:
        return "server PostgreSQL uji dijalankan sebagai pengguna postgres lewat runuser, dan itu perlu root"
    if shutil.which("runuser") is None:
        return "runuser tidak ada (paket util-linux)"
    try:
        pwd.getpwnam(OS_USER)
    except KeyError:
        return f"pengguna sistem {OS_USER} tidak ada (paket postgresql membuatnya)"
    return None


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PostgresServer:
    """A private PostgreSQL server for one test session, run as the `postgres` user (initdb/pg_ctl refuse root)."""

    host: str = "127.0.0.1"

    def __init__(self, base_dir: Path, name_prefix: str = "egovtest"):
        self.base_dir = Path(base_dir)
        self.name_prefix = name_prefix
        self.data_dir = self.base_dir / "data"
        self.socket_dir = self.base_dir / "sock"
        self.log_path = self.data_dir / "server.log"
        self.port = 0
        self._bin = _bin_dir()
        self._names = 0

    # -- life cycle ----------------------------------------------------------------------------
    def start(self) -> PostgresServer:
        problem = postgres_problem()
        if problem:
            raise RuntimeError(problem)
        user = pwd.getpwnam(OS_USER)
        self.base_dir.mkdir(mode=0o755, parents=True, exist_ok=True)
        self.base_dir.chmod(0o755)
        for folder, mode in ((self.data_dir, 0o700), (self.socket_dir, 0o755)):
            folder.mkdir(mode=mode)
            os.chown(folder, user.pw_uid, user.pw_gid)
            folder.chmod(mode)
        if self._as_postgres(["test", "-w", str(self.socket_dir)], check=False).returncode != 0:
            raise RuntimeError(f"{self.base_dir}: pengguna postgres tidak bisa masuk ke folder ini; setiap folder di atasnya "
                               "harus bisa dilalui (mode 0755), jadi jangan di bawah tmp_path pytest (0700)")
        self._as_postgres([str(self._bin / "initdb"), "-D", str(self.data_dir), "-U", OS_USER, "-A", "peer",
                           "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"])
        (self.data_dir / "pg_hba.conf").write_text(PG_HBA, encoding="utf-8")
        last_error = ""
        for _attempt in range(5):  # another process may take the free port before the server binds it
            self.port = _free_port()
            options = (f"-c listen_addresses={self.host} -c unix_socket_directories={self.socket_dir} -p {self.port} "
                       "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50")
            done = self._as_postgres([str(self._bin / "pg_ctl"), "-w", "-t", "60", "-D", str(self.data_dir), "-l",
                                      str(self.log_path), "-o", options, "start"], check=False)
            if done.returncode == 0:
                return self
            last_error = done.stdout + done.stderr + self._log_tail()
            if "already in use" not in last_error and "Address in use" not in last_error:
                break
        raise RuntimeError(f"PostgreSQL did not start on port {self.port}: {last_error[-2000:]}")

    def stop(self) -> None:
        """Stop the postmaster by its PID (fast shutdown), then remove base_dir. Safe to call twice."""
        pid = self._postmaster_pid()
        if pid is not None:
            try:
                os.kill(pid, signal.SIGINT)  # fast shutdown: roll back open transactions, close connections
            except ProcessLookupError:
                pid = None
            deadline = time.monotonic() + 30
            while pid is not None and _alive(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            if pid is not None and _alive(pid):
                os.kill(pid, signal.SIGKILL)
                while _alive(pid):
                    time.sleep(0.05)
        shutil.rmtree(self.base_dir, ignore_errors=True)

    def __enter__(self) -> PostgresServer:
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()

    # -- administration ------------------------------------------------------------------------
    def psql(self, sql: str, db: str = "postgres") -> str:
        """Run ``sql`` as the postgres superuser over the socket; the unaligned, tuples-only output."""
        done = self._as_postgres([str(self._bin / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-h", str(self.socket_dir), "-p", str(self.port),
                                  "-d", db, "-At", "-c", sql], check=False)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed on {db}: {sql}\n{done.stderr.strip()}")
        return done.stdout.rstrip("\n")

    def create_role(self, name: str, password: str | None = None, login: bool = True) -> None:
        parts = [f"CREATE ROLE {_identifier(name)}", "LOGIN" if login else "NOLOGIN"]
        if password is not None:
            parts.append(f"PASSWORD {_literal(password)}")
        self.psql(" ".join(parts))

    def create_database(self, name: str, owner: str) -> None:
        self.psql(f"CREATE DATABASE {_identifier(name)} OWNER {_identifier(owner)}")

    def drop_database(self, name: str) -> None:
        self.psql(f"DROP DATABASE IF EXISTS {_identifier(name)} WITH (FORCE)")

    def new_name(self, tag: str = "db") -> str:
        """A fresh role or database name for this server: ``<name_prefix>_<tag>_<n>``."""
        self._names += 1
        return f"{self.name_prefix}_{tag}_{self._names}"

    # -- URLs ----------------------------------------------------------------------------------
    def tcp_url(self, db: str, user: str, password: str) -> str:
        return f"postgresql+psycopg://{quote(user, safe='')}:{quote(password, safe='')}@{self.host}:{self.port}/{quote(db, safe='')}"

    def socket_url(self, db: str, user: str) -> str:
        return f"postgresql+psycopg://{quote(user, safe='')}@/{quote(db, safe='')}?host={self.socket_dir}&port={self.port}"

    # -- helpers -------------------------------------------------------------------------------
    def _as_postgres(self, command: list[str], check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(["runuser", "-u", OS_USER, "--", *command], cwd=self.base_dir, capture_output=True, text=True,
                              env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"})
        if check and done.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed: {done.stdout}{done.stderr}")
        return done

    def _postmaster_pid(self) -> int | None:
        try:
            first = (self.data_dir / "postmaster.pid").read_text().split("\n", 1)[0].strip()
        except OSError:
            return None
        return int(first) if first.isdigit() else None

    def _log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-2000:]
        except OSError:
            return ""


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie or a reused pid that is not the postmaster no longer counts
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        return state != "Z"
    except (OSError, IndexError):
        return True
