"""Install the course on one machine: what ``sudo make hub`` does before it starts JupyterHub.

Every step checks first and changes only what is missing, so running it again is safe. The
checks that can fail on the trainer's input (not root, a port in use, an account or group of the
same name that is not ours) run before the first change.

Layout (``HubSettings`` names every path):

- ``<root>/venv``   Debian's python3 venv with this package and JupyterHub; its ``etc/jupyter`` is the
  system-wide Jupyter config of every server the hub starts (nbgrader exchange, extensions)
- ``<root>/proxy``  configurable-http-proxy from the npm registry
- ``<root>/etc``    ``hub.yaml`` and ``jupyterhub_config.py``; ``<root>/state`` the hub's database and
  cookie secret (0700); ``<root>/kartu-login`` login cards (0700)
- ``<srv>/exchange`` nbgrader's exchange (1777: nbgrader needs it writable by all; the sticky bit keeps
  a learner from renaming the course's folder); ``<srv>/dasbor`` the published dashboard
- ``/home/<grader>/<course_id>`` the course folder (0700; ``source/`` holds the answer keys)
"""

from __future__ import annotations

import hashlib
import json
import os
import pwd
import shutil
import subprocess
from pathlib import Path

from ..errors import EgovCourseError
from . import accounts
from .accounts import Account
from .settings import HubSettings
from .system import apt_install, as_user, chown_tree, missing_debian_packages, require_root, run

# course files the grader's copy of the course needs (answer keys included: it is the instructor's copy)
COURSE_ITEMS = ("nbgrader_config.py", "source", "release", "quizbank", "analytics", "course")
# Debian package -> a command that shows it is there (None: ask dpkg). Node.js and npm count when any
# install provides them (a server may carry a newer Node.js than Debian's).
DEBIAN_PACKAGES = {"postgresql": None, "bubblewrap": "bwrap", "python3-venv": None, "nodejs": "node", "npm": "npm"}
PROXY_PACKAGE = "configurable-http-proxy@5"
LEARNER_DISABLED_SERVER_EXTENSIONS = ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.course_list")
LEARNER_DISABLED_LAB_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                                "@jupyter/nbgrader:course-list")


def say(message: str) -> None:
    print(message, flush=True)


# -- the steps -------------------------------------------------------------------------------
def preflight(settings: HubSettings) -> None:
    """Checks that can fail on the trainer's input; nothing is changed before they pass."""
    require_root("Memasang hub")
    settings.check()
    accounts.check_logins(settings, [Account(settings.grader, "grader"), Account(settings.dasbor_user, "dasbor")])
    for login in (settings.grader, settings.dasbor_user):
        if accounts.state(settings, login) == "ours" and accounts.marker(settings, "") not in pwd.getpwnam(login).pw_gecos:
            raise EgovCourseError(f"Akun {login} milik kursus lain.")


def install(settings: HubSettings, repo: Path, *, apt: bool = True) -> None:
    """The whole installation, idempotent. ``repo`` is the course repository (this clone)."""
    preflight(settings)
    if apt:
        missing = missing_debian_packages(DEBIAN_PACKAGES)
        if missing:
            say(f"Memasang paket Debian: {' '.join(missing)}")
            apt_install(missing)
    for folder, mode in ((settings.root, 0o755), (settings.root / "etc", 0o755), (settings.state, 0o700),
                         (settings.cards, 0o700), (settings.srv, 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        os.chmod(folder, mode)
    install_venv(settings, repo)
    install_proxy(settings)
    accounts.ensure_groups(settings)
    accounts.ensure_account(settings, Account(settings.grader, "grader"))
    accounts.ensure_account(settings, Account(settings.dasbor_user, "dasbor"))
    provision_exchange(settings)
    provision_course(settings, repo)
    write_system_jupyter_config(settings)
    write_grader_config(settings)
    provision_database(settings)
    prepare_gradebook(settings)
    shutil.copy(repo / "deploy" / "jupyterhub_config.py", settings.root / "etc" / "jupyterhub_config.py")
    settings.save()
    say(f"Hub terpasang di {settings.root}; kursus di {settings.course_dir}; pengaturan {settings.path}.")


def _tree_digest(repo: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted([repo / "pyproject.toml", *(repo / "src").rglob("*")]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(repo)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def install_venv(settings: HubSettings, repo: Path) -> None:
    """Debian's python3 venv holding this package (a copy, not the clone) and JupyterHub."""
    stamp = settings.venv / ".egov-installed"
    digest = _tree_digest(repo)
    if stamp.is_file() and stamp.read_text() == digest:
        return
    if not (settings.venv / "bin" / "python").exists():
        say(f"Membuat venv {settings.venv} dengan {settings.python}")
        run([settings.python, "-m", "venv", str(settings.venv)], what="Membuat venv hub")
    say("Memasang paket kursus dan JupyterHub ke venv hub (beberapa menit pada pemasangan pertama)")
    pip = [settings.bin("python"), "-m", "pip", "--disable-pip-version-check", "install", "--quiet"]
    with _build_copy(repo) as source:
        run([*pip, str(source)], what="Memasang egov-course ke venv hub")
    # the sandbox mounts the venv read-only: compile once here, not in every grading kernel
    run([settings.bin("python"), "-m", "compileall", "-q", str(settings.venv / "lib")], what="compileall", check=False)
    stamp.write_text(digest)


class _build_copy:
    """The package's sources copied to a temp folder, so pip never writes a build/ into the clone."""

    def __init__(self, repo: Path):
        self.repo = repo

    def __enter__(self) -> Path:
        import tempfile

        self.tmp = Path(tempfile.mkdtemp(prefix="egov-hub-build-"))
        for name in ("pyproject.toml", "README.md", "src"):
            src = self.repo / name
            (shutil.copytree if src.is_dir() else shutil.copy)(src, self.tmp / name)
        shutil.rmtree(self.tmp / "src" / "egov_course.egg-info", ignore_errors=True)
        return self.tmp

    def __exit__(self, *exc) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def install_proxy(settings: HubSettings) -> None:
    if Path(settings.proxy_command).exists():
        return
    say(f"Memasang {PROXY_PACKAGE} dari registri npm")
    folder = settings.root / "proxy"
    folder.mkdir(exist_ok=True)
    run(["npm", "install", "--prefix", str(folder), "--no-fund", "--no-audit", "--loglevel=error", PROXY_PACKAGE],
        what="npm install configurable-http-proxy")


def provision_exchange(settings: HubSettings) -> None:
    exchange = settings.exchange
    exchange.mkdir(parents=True, exist_ok=True)
    os.chown(exchange, 0, 0)
    os.chmod(exchange, 0o1777)
    dasbor = settings.dasbor_dir
    dasbor.mkdir(parents=True, exist_ok=True)
    grader = pwd.getpwnam(settings.grader)
    dasbor_gid = pwd.getpwnam(settings.dasbor_user).pw_gid
    os.chown(dasbor, grader.pw_uid, dasbor_gid)
    os.chmod(dasbor, 0o2750)  # the grader writes, the dasbor service reads, nobody else


def provision_course(settings: HubSettings, repo: Path) -> None:
    """The grader's copy of the course, made once; later runs leave the instructor's copy alone."""
    course = settings.course_dir
    grader = pwd.getpwnam(settings.grader)
    if not course.exists():
        say(f"Menyalin kursus ke {course}")
        course.mkdir(parents=True)
        for item in COURSE_ITEMS:
            src = repo / item
            if src.is_dir():
                shutil.copytree(src, course / item, ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
            elif src.is_file():
                shutil.copy(src, course / item)
    chown_tree(settings.grader_home, grader.pw_uid, grader.pw_gid)
    os.chmod(settings.grader_home, 0o700)
    os.chmod(course, 0o700)


def _course_exchange_settings(repo_config: Path) -> dict:
    """Exchange.timezone and timestamp_format as the course's own nbgrader_config.py sets them."""
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader(repo_config.name, path=str(repo_config.parent)).load_config()
    return {"timezone": config.Exchange.timezone, "timestamp_format": config.Exchange.timestamp_format}


def write_system_jupyter_config(settings: HubSettings) -> None:
    """System-wide for every server of the hub: the exchange, and the learners' set of extensions."""
    etc = settings.system_jupyter
    exchange = _course_exchange_settings(settings.course_dir / "nbgrader_config.py")
    etc.mkdir(parents=True, exist_ok=True)
    (etc / "nbgrader_config.py").write_text(
        "# Written by `egov-course hub install`: the course and its exchange, for every account.\n"
        "c = get_config()  # noqa: F821\n"
        f"c.CourseDirectory.course_id = {settings.course_id!r}\n"
        f"c.Exchange.root = {str(settings.exchange)!r}\n"
        f"c.Exchange.timezone = {exchange['timezone']!r}\n"
        f"c.Exchange.timestamp_format = {exchange['timestamp_format']!r}\n", encoding="utf-8")
    server = etc / "jupyter_server_config.d"
    server.mkdir(exist_ok=True)
    # loaded after nbgrader.json (alphabetical order): learners get assignment list and validate only
    _write_json(server / "zz-egov-course.json", {"ServerApp": {"jpserver_extensions": {
        name: False for name in LEARNER_DISABLED_SERVER_EXTENSIONS}}})
    _write_json(etc / "labconfig" / "page_config.json",
                {"disabledExtensions": {name: True for name in LEARNER_DISABLED_LAB_PLUGINS}})


def write_grader_config(settings: HubSettings) -> None:
    """The grader's own Jupyter config (its ``~/.jupyter``, highest priority): formgrader, gradebook."""
    jupyter = settings.grader_home / ".jupyter"
    course_config = settings.course_dir / "nbgrader_config.py"
    files = {
        jupyter / "nbgrader_config.py": (
            "# Written by `egov-course hub install`: the grader's course and gradebook.\n"
            "c = get_config()  # noqa: F821\n"
            f"load_subconfig({str(course_config)!r})  # noqa: F821  (the course's own settings: feedback, stubs, timeouts)\n"
            f"c.CourseDirectory.root = {str(settings.course_dir)!r}\n"
            f"c.CourseDirectory.db_url = {settings.db_url!r}\n"),
    }
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    # formgrader runs in an iframe of this server's JupyterLab: allow framing by itself, for this server only
    # (JupyterHub's single-user default, kept on learners' servers, is frame-ancestors 'none').
    _write_json(jupyter / "jupyter_server_config.json", {"ServerApp": {
        "jpserver_extensions": {name: True for name in LEARNER_DISABLED_SERVER_EXTENSIONS},
        "tornado_settings": {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}}})
    _write_json(jupyter / "labconfig" / "page_config.json",
                {"disabledExtensions": {name: False for name in LEARNER_DISABLED_LAB_PLUGINS}})
    grader = pwd.getpwnam(settings.grader)
    chown_tree(jupyter, grader.pw_uid, grader.pw_gid)


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


# -- PostgreSQL --------------------------------------------------------------------------------
def psql(settings: HubSettings, sql: str, db: str = "postgres") -> str:
    done = run(["runuser", "-u", "postgres", "--", "psql", "-X", "-v", "ON_ERROR_STOP=1", "-At",
                "-h", str(settings.pg_socket_dir), "-p", str(settings.pg_port), "-d", db, "-c", sql],
               what="PostgreSQL (psql)", cwd="/")
    return done.stdout.strip()


def ensure_postgres_running(settings: HubSettings) -> None:
    socket = settings.pg_socket_dir / f".s.PGSQL.{settings.pg_port}"
    if socket.exists():
        return
    if settings.pg_socket_dir != Path("/var/run/postgresql"):
        raise EgovCourseError(f"PostgreSQL tidak berjalan di {socket}. Jalankan servernya dulu.")
    clusters = run(["pg_lsclusters", "-h"], what="pg_lsclusters").stdout.split("\n")
    entries = [line.split() for line in clusters if line.strip()]
    match = [e for e in entries if e[2] == str(settings.pg_port)]
    if not match:
        raise EgovCourseError(f"Tidak ada klaster PostgreSQL Debian di port {settings.pg_port} (pg_lsclusters). "
                              "Buat dengan `pg_createcluster 15 main --start`.")
    version, name = match[0][0], match[0][1]
    say(f"Menjalankan PostgreSQL {version}/{name}")
    run(["pg_ctlcluster", version, name, "start"], what="Menjalankan PostgreSQL")


def provision_database(settings: HubSettings) -> None:
    """A role named like the grader account (peer authentication) owning the course's database."""
    ensure_postgres_running(settings)
    role = settings.grader
    if not psql(settings, f"SELECT 1 FROM pg_roles WHERE rolname = '{role}'"):
        psql(settings, f'CREATE ROLE "{role}" LOGIN')
    if not psql(settings, f"SELECT 1 FROM pg_database WHERE datname = '{settings.database}'"):
        psql(settings, f'CREATE DATABASE "{settings.database}" OWNER "{role}"')
    # nobody else may connect (PUBLIC has CONNECT on a new database by default)
    psql(settings, f'REVOKE ALL ON DATABASE "{settings.database}" FROM PUBLIC')


def prepare_gradebook(settings: HubSettings) -> None:
    """Run nbgrader's generate step as the grader: the gradebook then knows every assignment (formgrader lists them)."""
    say("Menyiapkan gradebook (nbgrader generate_assignment untuk setiap tugas)")
    as_user(settings.grader, [settings.bin("egov-course"), "--course-dir", str(settings.course_dir), "release"],
            what="egov-course release (sebagai akun grader)", env=grader_env(settings))


def grader_env(settings: HubSettings) -> dict[str, str]:
    """Environment of the grader's commands and formgrader service."""
    return {"PATH": f"{settings.venv / 'bin'}:/usr/local/bin:/usr/bin:/bin",
            "EGOV_DASBOR_DIR": str(settings.dasbor_dir),
            "EGOV_PSEUDONYM_PREFIX": settings.pseudonym_prefix}


# -- running the hub ---------------------------------------------------------------------------
def hub_command(settings: HubSettings) -> list[str]:
    return [settings.bin("jupyterhub"), "-f", str(settings.root / "etc" / "jupyterhub_config.py")]


def hub_env(settings: HubSettings) -> dict[str, str]:
    return {**os.environ, "PATH": f"{settings.venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "EGOV_HUB_SETTINGS": str(settings.path)}


def start_hub(settings: HubSettings, *, foreground: bool = True) -> subprocess.Popen | None:
    from .system import require_free_ports

    require_root("Menjalankan hub")
    require_free_ports(settings.ip, settings.ports)
    ensure_postgres_running(settings)
    command = hub_command(settings)
    say(f"JupyterHub berjalan di http://{settings.ip}:{settings.port}/ (Ctrl+C untuk berhenti)")
    if foreground:
        os.chdir(settings.state)
        os.execve(command[0], command, hub_env(settings))
    return subprocess.Popen(command, cwd=settings.state, env=hub_env(settings),
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
