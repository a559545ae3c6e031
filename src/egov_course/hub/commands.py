"""``egov-course hub …``: install, enrol, start, reset a password, remove (all as root)."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..coursedir import repo_root
from ..errors import EgovCourseError
from . import settings as hub_settings
from .settings import DEFAULT_ROOT, DEFAULT_SRV, HubSettings


def _settings(args) -> HubSettings:
    return hub_settings.load(Path(args.root) / "etc" / hub_settings.SETTINGS_NAME)


def _repo(args) -> Path:
    repo = Path(args.repo).resolve() if args.repo else repo_root()
    if repo is None or not (repo / "deploy" / "jupyterhub_config.py").is_file():
        raise EgovCourseError("Repositori kursus tidak ditemukan; jalankan dari clone-nya (`sudo make hub`) atau beri --repo.")
    return repo


def cmd_install(args) -> int:
    from .provision import install, preflight
    from .system import require_free_ports

    settings = HubSettings(root=Path(args.root), srv=Path(args.srv), course_id=args.course_id, ip=args.ip,
                           port=args.port, name_prefix=args.name_prefix, pg_socket_dir=Path(args.pg_socket_dir),
                           pg_port=args.pg_port).check()
    preflight(settings)
    if args.start:
        require_free_ports(settings.ip, settings.ports)  # before anything is installed
    install(settings, _repo(args), apt=not args.no_apt)
    if args.roster:
        _report_enrol(_enrol_learners(settings, args.roster))
    if args.pelatih or args.analis:
        from .enrol import enrol_staff

        _report_enrol(enrol_staff(settings, args.pelatih or [], args.analis or []))
    if args.start:
        from .provision import start_hub

        start_hub(settings)
    return 0


def _enrol_learners(settings, roster: Path, **kwargs):
    from .enrol import enrol_learners

    if not roster.is_file():
        raise EgovCourseError(f"Daftar peserta {roster} tidak ada.")
    return enrol_learners(settings, roster, **kwargs)


def _report_enrol(result) -> None:
    print(f"Akun baru: {len(result.created)}; sudah ada: {len(result.existing)}.")
    for path in result.cards:
        print(f"  kartu login: {path}")


def cmd_users(args) -> int:
    settings = _settings(args)
    if args.roster:
        _report_enrol(_enrol_learners(settings, args.roster, reset_passwords=args.reset_passwords, address=args.address))
    if args.pelatih or args.analis:
        from .enrol import enrol_staff

        _report_enrol(enrol_staff(settings, args.pelatih or [], args.analis or [], reset_passwords=args.reset_passwords,
                                  address=args.address))
    if not (args.roster or args.pelatih or args.analis):
        raise EgovCourseError("Sebutkan daftar peserta (CSV/.xlsx) dan/atau --pelatih/--analis.")
    return 0


def cmd_password(args) -> int:
    from .enrol import reset_password

    print(f"Kartu login baru: {reset_password(_settings(args), args.login, args.address)}")
    return 0


def cmd_start(args) -> int:
    from .provision import start_hub

    start_hub(_settings(args))
    return 0


def cmd_remove(args) -> int:
    from .accounts import remove_all

    if not args.yes:
        raise EgovCourseError("Ini menghapus semua akun kursus beserta folder rumahnya (pekerjaan peserta ikut terhapus). "
                              "Ulangi dengan --yes bila memang itu maksudnya.")
    removed = remove_all(_settings(args))
    print(f"Dihapus: {len(removed)} akun.")
    return 0


def add_parser(sub) -> None:
    hub = sub.add_parser("hub", help="the course on JupyterHub for a cohort (as root; see README 'Run a Bimtek')")
    hub_sub = hub.add_subparsers(dest="hub_command", required=True, metavar="ACTION")
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--root", default=str(DEFAULT_ROOT), help=f"the deployment's folder (default {DEFAULT_ROOT})")
    staff = argparse.ArgumentParser(add_help=False)
    staff.add_argument("--pelatih", action="append", metavar="LOGIN[:NAMA]", help="an instructor account; repeatable")
    staff.add_argument("--analis", action="append", metavar="LOGIN[:NAMA]", help="an analyst account; repeatable")
    staff.add_argument("--address", default=None, help="the address printed on login cards (default: this machine's)")

    p = hub_sub.add_parser("install", parents=[where, staff], help="install and provision everything (idempotent)")
    p.add_argument("--srv", default=str(DEFAULT_SRV), help=f"exchange and published dashboard (default {DEFAULT_SRV})")
    p.add_argument("--course-id", default="spbe-dumai")
    p.add_argument("--ip", default="127.0.0.1", help="address to serve on; 0.0.0.0 for a computer lab")
    p.add_argument("--port", type=int, default=8000, help="the hub's port (it also uses the next three)")
    p.add_argument("--name-prefix", default="", help="in front of every account, group and database name")
    p.add_argument("--pg-socket-dir", default="/var/run/postgresql")
    p.add_argument("--pg-port", type=int, default=5432)
    p.add_argument("--roster", type=Path, default=None, help="also enrol this roster (CSV or .xlsx)")
    p.add_argument("--repo", default=None, help="the course repository (default: the one this package came from)")
    p.add_argument("--no-apt", action="store_true", help="do not install Debian packages")
    p.add_argument("--start", action="store_true", help="start JupyterHub when done (foreground)")
    p.set_defaults(func=cmd_install)

    p = hub_sub.add_parser("users", parents=[where, staff], help="accounts and login cards from a roster and for staff")
    p.add_argument("roster", type=Path, nargs="?", default=None, help="CSV or .xlsx with nip, nama, opd")
    p.add_argument("--reset-passwords", action="store_true", help="new passwords (and cards) for existing accounts too")
    p.set_defaults(func=cmd_users)

    p = hub_sub.add_parser("password", parents=[where], help="a new password and login card for one account")
    p.add_argument("login")
    p.add_argument("--address", default=None)
    p.set_defaults(func=cmd_password)

    p = hub_sub.add_parser("start", parents=[where], help="start JupyterHub (foreground)")
    p.set_defaults(func=cmd_start)

    p = hub_sub.add_parser("remove", parents=[where], help="delete every account this deployment made (homes too)")
    p.add_argument("--yes", action="store_true")
    p.set_defaults(func=cmd_remove)
