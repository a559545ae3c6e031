"""From a roster to working logins: gradebook import, one Linux account per learner, login cards.

The order keeps "bad input changes nothing":

1. the roster is read and checked (every problem named by row);
2. the grader account imports it as a dry run, which tells each learner's pseudonym;
3. those logins are checked (an existing account that is not ours stops everything);
4. only then the import is written, the accounts made and the cards printed.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import EgovCourseError
from ..roster import read_roster
from . import accounts
from .accounts import Account
from .cards import Card, write_cards
from .provision import grader_env
from .settings import HubSettings
from .system import as_user, require_root


@dataclass(frozen=True)
class EnrolResult:
    created: list[str]
    existing: list[str]
    cards: list[Path]


def hub_address(settings: HubSettings, address: str | None = None) -> str:
    if address:
        return address
    host = settings.ip if settings.ip not in ("", "0.0.0.0") else _lan_address()
    return f"http://{host}:{settings.port}/"


def _lan_address() -> str:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("10.255.255.255", 1))  # no packet is sent; this only picks the outgoing interface
            return sock.getsockname()[0]
        except OSError:
            return socket.gethostname()


def _import_as_grader(settings: HubSettings, roster: Path, *, dry_run: bool) -> dict:
    """Run ``egov-course roster import --json`` as the grader (the gradebook is the grader's)."""
    tmp = Path(tempfile.mkdtemp(prefix="egov-roster-"))
    try:
        copy = tmp / f"roster{roster.suffix.lower()}"
        shutil.copy(roster, copy)
        grader = pwd.getpwnam(settings.grader)
        for path in (tmp, copy):
            os.chown(path, grader.pw_uid, grader.pw_gid)
        command = [settings.bin("egov-course"), "--course-dir", str(settings.course_dir), "roster", "import", str(copy),
                   "--pseudonym-prefix", settings.pseudonym_prefix, "--json", *(["--dry-run"] if dry_run else [])]
        done = as_user(settings.grader, command, what="Impor daftar peserta ke gradebook", env=grader_env(settings))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def enrol_learners(settings: HubSettings, roster: Path, *, reset_passwords: bool = False,
                   address: str | None = None) -> EnrolResult:
    require_root("Membuat akun peserta")
    learners = read_roster(roster)  # RosterError names every bad row; nothing has changed yet
    planned = _import_as_grader(settings, roster, dry_run=True)
    by_nip = {learner.nip.digits: learner for learner in learners}
    wanted = [Account(sid, "peserta", by_nip[nip].nama, by_nip[nip].opd) for nip, sid in planned["student_ids"].items()]
    accounts.check_logins(settings, wanted)
    _import_as_grader(settings, roster, dry_run=False)
    return _make_accounts(settings, wanted, reset_passwords, address)


def enrol_staff(settings: HubSettings, instructors: list[str], analysts: list[str], *, reset_passwords: bool = False,
                address: str | None = None) -> EnrolResult:
    """Staff as ``login`` or ``login:Name``; the deployment's name prefix goes in front of the login."""
    require_root("Membuat akun pelatih dan analis")
    wanted = []
    for role, entries in (("pelatih", instructors), ("analis", analysts)):
        for entry in entries:
            login, _, name = entry.partition(":")
            wanted.append(Account(f"{settings.name_prefix}{login.strip()}", role, name.strip()))
    learners = set(accounts.members(settings)["peserta"])
    clash = [a.login for a in wanted if a.login in learners or a.login.startswith(settings.pseudonym_prefix)]
    if clash:
        raise EgovCourseError(f"Login {', '.join(clash)} adalah login peserta; pelatih dan analis perlu login sendiri.")
    accounts.check_logins(settings, wanted)
    return _make_accounts(settings, wanted, reset_passwords, address)


def _make_accounts(settings: HubSettings, wanted: list[Account], reset_passwords: bool, address: str | None) -> EnrolResult:
    accounts.ensure_groups(settings)
    created, existing, cards = [], [], []
    for account in wanted:
        is_new = accounts.ensure_account(settings, account)
        (created if is_new else existing).append(account.login)
        if is_new or reset_passwords:
            cards.append(Card(account.login, accounts.set_password(account.login), account.name, account.opd, account.role))
    files = write_cards(settings.cards, cards, hub_address(settings, address)) if cards else []
    return EnrolResult(created, existing, files)


def reset_password(settings: HubSettings, login: str, address: str | None = None) -> Path:
    """A new password and a new card for one account of this deployment (a learner who lost theirs)."""
    require_root("Mengganti kata sandi")
    if accounts.state(settings, login) != "ours":
        raise EgovCourseError(f"Akun {login} bukan akun kursus {settings.course_id}.")
    role = next((r for r, m in accounts.members(settings).items() if login in m), None)
    if role is None:
        raise EgovCourseError(f"Akun {login} tidak ada di grup peserta, pelatih atau analis.")
    card = Card(login, accounts.set_password(login), "", "", role)
    return write_cards(settings.cards, [card], hub_address(settings, address))[0]
