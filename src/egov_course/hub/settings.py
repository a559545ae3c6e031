"""Where a deployment lives and what its accounts, groups and database are called.

Everything derives from a few values kept in ``<root>/etc/hub.yaml``, written by ``egov-course hub
install`` and read by the hub's config, so the trainer's machine and the end-to-end test run the
same code on different values (the test's root, port and name prefix).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import EgovCourseError

DEFAULT_ROOT = Path("/opt/egov-course")
DEFAULT_SRV = Path("/srv/egov-course")
SETTINGS_NAME = "hub.yaml"
LESSONS_FOLDER = "kursus-spbe"  # the learner's own copy of course/, in their home
DASBOR_SERVICE = "dasbor"
PSEUDONYM_BASE = "asn-"
# Debian's NAME_REGEX for useradd, and at most 32 characters
LOGIN_RE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")


@dataclass(frozen=True)
class HubSettings:
    root: Path = DEFAULT_ROOT  # venv/, proxy/, etc/, state/, kartu-login/
    srv: Path = DEFAULT_SRV  # exchange/, dasbor/
    course_id: str = "spbe-dumai"
    ip: str = "127.0.0.1"  # 0.0.0.0 to serve a computer lab
    port: int = 8000
    name_prefix: str = ""  # in front of every account, group and database name (tests use a unique one)
    pg_socket_dir: Path = Path("/var/run/postgresql")
    pg_port: int = 5432
    python: str = "/usr/bin/python3"  # the interpreter of the deployment's venv (readable by every account)

    # -- names -----------------------------------------------------------------------------
    @property
    def pseudonym_prefix(self) -> str:
        return f"{self.name_prefix}{PSEUDONYM_BASE}"

    @property
    def grader(self) -> str:
        return f"{self.name_prefix}grader-{self.course_id}"

    @property
    def dasbor_user(self) -> str:
        return f"{self.name_prefix}dasbor-{self.course_id}"

    def group(self, role: str) -> str:
        """Linux group, and JupyterHub group of the same name, of ``peserta``, ``pelatih`` or ``analis``."""
        if role not in ("peserta", "pelatih", "analis"):
            raise ValueError(role)
        return f"{self.name_prefix}{self.course_id}-{role}"

    @property
    def groups(self) -> dict[str, str]:
        return {role: self.group(role) for role in ("peserta", "pelatih", "analis")}

    @property
    def database(self) -> str:
        return re.sub(r"[^a-z0-9_]", "_", f"{self.name_prefix}{self.course_id}")

    @property
    def db_url(self) -> str:
        """The grader's gradebook: peer authentication over the socket, no password."""
        return f"postgresql+psycopg://{self.grader}@/{self.database}?host={self.pg_socket_dir}&port={self.pg_port}"

    # -- ports -----------------------------------------------------------------------------
    @property
    def hub_port(self) -> int:  # the hub's own API, behind the proxy
        return self.port + 1

    @property
    def proxy_api_port(self) -> int:
        return self.port + 2

    @property
    def dasbor_port(self) -> int:
        return self.port + 3

    @property
    def ports(self) -> list[int]:
        return [self.port, self.hub_port, self.proxy_api_port, self.dasbor_port]

    # -- places ----------------------------------------------------------------------------
    @property
    def venv(self) -> Path:
        return self.root / "venv"

    def bin(self, name: str) -> str:
        return str(self.venv / "bin" / name)

    @property
    def system_jupyter(self) -> Path:
        """The venv's sys-prefix Jupyter config: system-wide for every server the hub starts."""
        return self.venv / "etc" / "jupyter"

    @property
    def proxy_command(self) -> str:
        return str(self.root / "proxy" / "node_modules" / ".bin" / "configurable-http-proxy")

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def cards(self) -> Path:
        return self.root / "kartu-login"

    @property
    def exchange(self) -> Path:
        return self.srv / "exchange"

    @property
    def dasbor_dir(self) -> Path:
        return self.srv / "dasbor"

    @property
    def grader_home(self) -> Path:
        return Path("/home") / self.grader

    @property
    def course_dir(self) -> Path:
        return self.grader_home / self.course_id

    @property
    def path(self) -> Path:
        return self.root / "etc" / SETTINGS_NAME

    # -- file ------------------------------------------------------------------------------
    def check(self) -> HubSettings:
        problems = []
        if not re.fullmatch(r"[a-z][a-z0-9-]{1,30}", self.course_id):
            problems.append(f"course_id {self.course_id!r}: huruf kecil, angka dan '-' saja")
        if self.name_prefix and not re.fullmatch(r"[a-z][a-z0-9]*-", self.name_prefix):
            problems.append(f"name_prefix {self.name_prefix!r}: huruf kecil dan angka, diakhiri '-'")
        if not 1024 <= self.port <= 65532:
            problems.append(f"port {self.port}: pilih antara 1024 dan 65532")
        for login in (self.grader, self.dasbor_user, f"{self.pseudonym_prefix}0001", *self.groups.values()):
            if not LOGIN_RE.match(login):
                problems.append(f"nama {login!r} terlalu panjang atau tidak sah untuk akun Linux (maks. 32 karakter)")
        for place in (self.root, self.srv):
            if not place.is_absolute():
                problems.append(f"folder {place} harus path absolut")
        if problems:
            raise EgovCourseError("Pengaturan hub tidak sah: " + "; ".join(problems) + ".")
        return self

    def to_yaml(self) -> str:
        data = {f.name: (str(v) if isinstance(v := getattr(self, f.name), Path) else v) for f in dataclasses.fields(self)}
        return "# Written by `egov-course hub install`; read by deploy/jupyterhub_config.py.\n" + yaml.safe_dump(data, sort_keys=False)

    def save(self) -> Path:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(self.to_yaml(), encoding="utf-8")
        self.path.chmod(0o644)
        return self.path


def load(path: str | Path) -> HubSettings:
    path = Path(path)
    if not path.is_file():
        raise EgovCourseError(f"Pengaturan hub {path} tidak ada. Jalankan dulu `sudo make hub` (atau `egov-course hub install`).")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise EgovCourseError(f"{path} bukan YAML yang sah: {exc}") from None
    fields = {f.name: f for f in dataclasses.fields(HubSettings)}
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise EgovCourseError(f"{path}: kunci tidak dikenal {', '.join(unknown)}.")
    values = {k: Path(v) if fields[k].type in ("Path", Path) else v for k, v in data.items()}
    return HubSettings(**values).check()
