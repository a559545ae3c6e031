"""Linux accounts and groups of a deployment: learners, instructors, analysts, the grader.

Every account this module makes carries the marker ``egov-course <course_id> <role>`` in its
comment (GECOS) field. An account of the same name without that marker belongs to someone else:
it is never changed, and the command that met it stops before changing anything.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
from dataclasses import dataclass
from pathlib import Path

from ..errors import EgovCourseError
from .settings import LOGIN_RE, HubSettings
from .system import run

# no 0/o, 1/l/i: the password is read off paper and typed by someone who may not type often
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
ROLES = ("peserta", "pelatih", "analis", "grader", "dasbor")


@dataclass(frozen=True)
class Account:
    login: str
    role: str  # one of ROLES
    name: str = ""  # the person's name, for the login card only (never stored in the account)
    opd: str = ""


def new_password() -> str:
    """Three groups of four characters, about 59 bits: ``k7dm-p3xq-h9ta``."""
    return "-".join("".join(secrets.choice(PASSWORD_ALPHABET) for _ in range(4)) for _ in range(3))


def marker(settings: HubSettings, role: str) -> str:
    return f"egov-course {settings.course_id} {role}"


def state(settings: HubSettings, login: str) -> str:
    """``absent``, ``ours`` (made by this deployment) or ``foreign``."""
    try:
        entry = pwd.getpwnam(login)
    except KeyError:
        return "absent"
    return "ours" if entry.pw_gecos.startswith(marker(settings, "")) else "foreign"


def check_logins(settings: HubSettings, accounts: list[Account]) -> None:
    """Stop, before anything changes, on a bad login name or an account that is not ours."""
    bad = [a.login for a in accounts if not LOGIN_RE.match(a.login)]
    if bad:
        raise EgovCourseError(f"Nama login tidak sah: {', '.join(bad)}. Pakai huruf kecil, angka, '-' atau '_', "
                              "diawali huruf, paling panjang 32 karakter.")
    foreign = [a.login for a in accounts if state(settings, a.login) == "foreign"]
    if foreign:
        raise EgovCourseError(f"Akun Linux {', '.join(foreign)} sudah ada dan bukan buatan kursus {settings.course_id} "
                              "(tidak ada tanda 'egov-course' di kolom komentarnya). Tidak ada yang diubah. Pakai nama "
                              "login lain, atau hapus akun itu sendiri bila memang tidak dipakai.")
    for group in settings.groups.values():
        try:
            grp.getgrnam(group)
        except KeyError:
            continue
        if not _group_is_ours(settings, group):
            raise EgovCourseError(f"Grup Linux {group} sudah ada dan bukan buatan kursus ini. Tidak ada yang diubah.")


def _group_is_ours(settings: HubSettings, group: str) -> bool:
    marker_file = settings.root / "etc" / "groups"
    return marker_file.is_file() and group in marker_file.read_text(encoding="utf-8").split()


def ensure_groups(settings: HubSettings) -> None:
    marker_file = settings.root / "etc" / "groups"
    marker_file.parent.mkdir(parents=True, exist_ok=True)
    for group in settings.groups.values():
        try:
            grp.getgrnam(group)
        except KeyError:
            run(["groupadd", group], what=f"Membuat grup {group}")
            known = marker_file.read_text(encoding="utf-8").split() if marker_file.is_file() else []
            marker_file.write_text("\n".join([*known, group]) + "\n", encoding="utf-8")


def ensure_account(settings: HubSettings, account: Account) -> bool:
    """Create ``account`` when absent (home 0700, in its role's group); True when it was created."""
    created = state(settings, account.login) == "absent"
    if account.role in ("grader", "dasbor"):
        if created:
            home = ["-m", "-d", str(settings.grader_home)] if account.role == "grader" else ["-M", "-d", "/nonexistent", "-r"]
            shell = "/bin/bash" if account.role == "grader" else "/usr/sbin/nologin"
            run(["useradd", *home, "-s", shell, "-c", marker(settings, account.role), account.login],
                what=f"Membuat akun {account.login}")
    else:
        group = settings.group(account.role)
        if created:
            run(["useradd", "-m", "-s", "/bin/bash", "-c", marker(settings, account.role), "-G", group, account.login],
                what=f"Membuat akun {account.login}")
        else:
            run(["usermod", "-a", "-G", group, account.login], what=f"Menambahkan {account.login} ke grup {group}")
    home = Path(pwd.getpwnam(account.login).pw_dir)
    if home.is_dir():
        os.chmod(home, 0o700)  # no other account may read this home
    return created


def set_password(login: str) -> str:
    password = new_password()
    run(["chpasswd"], input=f"{login}:{password}\n", what=f"Mengatur kata sandi {login}")
    return password


def members(settings: HubSettings) -> dict[str, list[str]]:
    """Logins in each role group of this deployment (only accounts with our marker)."""
    result = {}
    for role, group in settings.groups.items():
        try:
            listed = grp.getgrnam(group).gr_mem
        except KeyError:
            listed = []
        result[role] = sorted(m for m in listed if state(settings, m) == "ours")
    return result


def remove_all(settings: HubSettings) -> list[str]:
    """Delete every account and group this deployment made, homes included. Returns the logins removed."""
    logins = sorted({m for group in members(settings).values() for m in group} | {settings.grader, settings.dasbor_user})
    removed = []
    for login in logins:
        if state(settings, login) != "ours":
            continue
        run(["pkill", "-KILL", "-u", login], what=f"Menghentikan proses {login}", check=False)
        run(["userdel", "-r", "-f", login], what=f"Menghapus akun {login}", check=False)
        removed.append(login)
    for group in settings.groups.values():
        if _group_is_ours(settings, group):
            run(["groupdel", group], what=f"Menghapus grup {group}", check=False)
    return removed
