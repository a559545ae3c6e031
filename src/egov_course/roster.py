"""Rosters of learners: NIP rules, CSV and Excel validation, pseudonyms and import into the gradebook.

A learner's nbgrader ``student_id`` is a pseudonym (``asn-0001``), never the NIP: folder names,
exports and reports then carry no personal data. The link pseudonym → NIP, name and OPD lives
in the table ``egov_learner`` inside the course's gradebook, beside nbgrader's own tables, so
analytics can join the OPD with plain SQL and nothing personal is written anywhere else.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .content import OPDList, load_opd_list
from .errors import Problem, RosterError

REQUIRED_COLUMNS = ("nip", "nama", "opd")
OPTIONAL_COLUMNS = ("email",)
PSEUDONYM_PREFIX = "asn-"
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_SCIENTIFIC = re.compile(r"^\s*\d[.,]\d+\s*[eE]\s*\+?\s*\d+\s*$")  # 1.98609E+17: Excel showed the NIP as a number
_AS_TEXT = ("Di Excel, pilih kolom NIP, Format Cells → Text, ketik ulang NIP-nya (18 digit), lalu simpan lagi.")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


# ---------------------------------------------------------------------------------------------
# NIP
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class NIP:
    """The decoded parts of an 18-digit NIP (Peraturan Kepala BKN 22/2007)."""

    digits: str
    birth_date: dt.date
    cpns_year: int
    cpns_month: int
    sex: int  # 1 = laki-laki, 2 = perempuan
    serial: int

    @property
    def sex_label(self) -> str:
        return "laki-laki" if self.sex == 1 else "perempuan"

    def formatted(self) -> str:
        d = self.digits
        return f"{d[:8]} {d[8:14]} {d[14]} {d[15:]}"

    def __str__(self) -> str:
        return self.digits


def parse_nip(text: str, *, today: dt.date | None = None) -> NIP:
    """Decode an NIP; raise ``ValueError`` with a message that says what is wrong.

    Spaces (also tabs and non-breaking spaces) are allowed and removed. The rules:
    18 digits; digits 1-8 a real birth date (YYYYMMDD) not in the future; digits 9-14 the CPNS
    appointment (YYYYMM), a real month not before the month of the 18th birthday and not in
    the future; digit 15 the sex, 1 or 2; digits 16-18 a serial from 001.
    """
    if not isinstance(text, str):
        raise ValueError(f"NIP harus berupa teks, bukan {type(text).__name__}.")
    today = today or dt.date.today()
    digits = "".join(text.split())
    if not digits:
        raise ValueError("NIP kosong.")
    if not digits.isascii() or not digits.isdigit():
        bad = sorted({ch for ch in digits if not (ch.isascii() and ch.isdigit())})
        raise ValueError(f"NIP hanya boleh berisi angka (dan spasi); ditemukan {', '.join(map(repr, bad))}.")
    if len(digits) != 18:
        raise ValueError(f"NIP harus 18 digit; yang tertulis {len(digits)} digit.")
    try:
        birth = dt.datetime.strptime(digits[:8], "%Y%m%d").date()
    except ValueError:
        raise ValueError(f"digit 1-8 NIP ({digits[:8]}) bukan tanggal lahir yang sah (TTTTBBHH).") from None
    if birth > today:
        raise ValueError(f"tanggal lahir pada NIP ({birth:%d-%m-%Y}) ada di masa depan.")
    year, month = int(digits[8:12]), int(digits[12:14])
    if not 1 <= month <= 12:
        raise ValueError(f"digit 9-14 NIP ({digits[8:14]}) bukan bulan TMT CPNS yang sah (TTTTBB): bulan {month}.")
    if (year, month) < (birth.year + 18, birth.month):
        raise ValueError(
            f"TMT CPNS pada NIP ({month:02d}-{year}) lebih awal dari ulang tahun ke-18 "
            f"(lahir {birth:%d-%m-%Y})."
        )
    if (year, month) > (today.year, today.month):
        raise ValueError(f"TMT CPNS pada NIP ({month:02d}-{year}) ada di masa depan.")
    sex = int(digits[14])
    if sex not in (1, 2):
        raise ValueError(f"digit ke-15 NIP (jenis kelamin) harus 1 atau 2, bukan {sex}.")
    serial = int(digits[15:])
    if serial == 0:
        raise ValueError("digit 16-18 NIP (nomor urut) tidak boleh 000.")
    return NIP(digits, birth, year, month, sex, serial)


# ---------------------------------------------------------------------------------------------
# Roster CSV
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Learner:
    nip: NIP
    nama: str
    opd: str  # OPD code from the course's OPD list
    email: str | None = None
    row: int | None = None  # line in the roster file


def read_roster(path: str | Path, opd_list: OPDList | None = None, *, today: dt.date | None = None) -> list[Learner]:
    """Read and check a roster (CSV or Excel). Raise ``RosterError`` listing every problem by row and field.

    Accepted: a CSV in UTF-8 (with or without BOM), comma, semicolon or tab separated (Excel in an
    Indonesian locale saves with semicolons), or an Excel workbook (``.xlsx``, first sheet); column
    names in any case and order. A NIP that Excel turned into a number (``1.98609E+17``, last digits
    lost) is named with the fix: format the column as Text.
    """
    path = Path(path)
    opd_list = opd_list or load_opd_list()
    if path.suffix.lower() == ".xls":
        raise RosterError(path, [Problem(None, None, "berkas Excel lama (.xls) tidak dapat dibaca. Buka di Excel lalu "
                                                     "simpan ulang sebagai 'Excel Workbook (.xlsx)' atau 'CSV UTF-8'.")])
    rows, numeric_nips = _excel_rows(path) if path.suffix.lower() in EXCEL_SUFFIXES else (_csv_rows(path), set())
    if not rows or not any(cell.strip() for row in rows for cell in row):
        raise RosterError(path, [Problem(None, None, "berkas kosong; isi dengan baris judul nip,nama,opd lalu satu baris per peserta.")])
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        found = ", ".join(h for h in header if h) or "(tidak ada)"
        raise RosterError(path, [Problem(1, m, f"kolom wajib '{m}' tidak ada; judul kolom yang ditemukan: {found}.") for m in missing])
    duplicated = sorted({h for h in header if h and header.count(h) > 1})
    if duplicated:
        raise RosterError(path, [Problem(1, h, "judul kolom ini muncul lebih dari sekali.") for h in duplicated])
    col = {name: header.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in header}

    problems: list[Problem] = []
    learners: list[Learner] = []
    seen_nip: dict[str, int] = {}
    for line_no, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # blank line
        if len(row) > len(header) and any(cell.strip() for cell in row[len(header):]):
            problems.append(Problem(line_no, None, f"ada {len(row)} nilai, padahal ada {len(header)} kolom; periksa koma/titik koma di dalam nama."))
            continue
        row = row + [""] * (len(header) - len(row))
        value = {name: row[i].strip() for name, i in col.items()}
        row_problems = []

        nip = None
        if line_no in numeric_nips or _SCIENTIFIC.match(value["nip"]):
            row_problems.append(Problem(line_no, "nip", f"NIP '{value['nip']}' tersimpan sebagai angka, bukan teks, "
                                        f"sehingga digit terakhirnya hilang. {_AS_TEXT}"))
        else:
            try:
                nip = parse_nip(value["nip"], today=today)
            except ValueError as exc:
                row_problems.append(Problem(line_no, "nip", str(exc)))
        if nip is not None:
            if nip.digits in seen_nip:
                row_problems.append(Problem(line_no, "nip", f"NIP {nip.formatted()} sudah ada di baris {seen_nip[nip.digits]}."))
            else:
                seen_nip[nip.digits] = line_no

        nama = " ".join(value["nama"].split())
        if not nama:
            row_problems.append(Problem(line_no, "nama", "nama wajib diisi."))

        opd = opd_list.lookup(value["opd"]) if value["opd"] else None
        if not value["opd"]:
            row_problems.append(Problem(line_no, "opd", "OPD wajib diisi."))
        elif opd is None:
            row_problems.append(Problem(line_no, "opd", f"'{value['opd']}' tidak ada di daftar OPD kursus ({opd_list.path}); tulis kode atau nama OPD seperti di daftar itu."))

        email = value.get("email") or None
        if email and not _EMAIL_RE.match(email):
            row_problems.append(Problem(line_no, "email", f"'{email}' bukan alamat email yang sah."))

        if row_problems:
            problems.extend(row_problems)
        else:
            learners.append(Learner(nip, nama, opd.code, email, line_no))

    if problems:
        raise RosterError(path, problems)
    if not learners:
        raise RosterError(path, [Problem(None, None, "tidak ada baris peserta di bawah baris judul.")])
    return learners


def _csv_rows(path: Path) -> list[list[str]]:
    text = _read_text(path)
    if not text.strip():
        return []
    return list(csv.reader(io.StringIO(text, newline=""), _sniff(text)))


def _excel_rows(path: Path) -> tuple[list[list[str]], set[int]]:
    """The first sheet as text rows, and the Excel row numbers whose NIP cell holds a number, not text."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise RosterError(path, [Problem(None, None, "berkas tidak ditemukan.")]) from None
    except (InvalidFileException, zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise RosterError(path, [Problem(None, None, f"bukan berkas Excel (.xlsx) yang bisa dibaca ({type(exc).__name__}). "
                                                     "Buka di Excel lalu simpan ulang sebagai 'Excel Workbook (.xlsx)'.")]) from None
    try:
        rows = [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()
    header = [str(v).strip().lower() if v is not None else "" for v in rows[0]] if rows else []
    nip_col = header.index("nip") if "nip" in header else None
    numeric = {i for i, row in enumerate(rows[1:], start=2)
               if nip_col is not None and nip_col < len(row) and isinstance(row[nip_col], (int, float))
               and not isinstance(row[nip_col], bool)}
    return [[_cell_text(v) for v in row] for row in rows], numeric


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.5E}"  # as Excel shows a long number: 1.98609E+17
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value)


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise RosterError(path, [Problem(None, None, "berkas tidak ditemukan.")]) from None
    except IsADirectoryError:
        raise RosterError(path, [Problem(None, None, "ini folder, bukan berkas CSV.")]) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise RosterError(path, [Problem(line, None,
            f"berkas bukan UTF-8 (byte {raw[exc.start]:#x} tidak dikenal). Di Excel simpan ulang lewat "
            "'Save As' → 'CSV UTF-8 (Comma delimited)'.")]) from None


def _sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    first = text.splitlines()[0]
    try:
        return csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        return csv.excel


def write_roster(path: str | Path, learners: list[Learner]) -> None:
    """Write learners as a roster CSV that ``read_roster`` accepts."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["nip", "nama", "opd", "email"])
        for learner in learners:
            writer.writerow([learner.nip.formatted(), learner.nama, learner.opd, learner.email or ""])


# ---------------------------------------------------------------------------------------------
# Import into the gradebook
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ImportResult:
    added: list[str]
    updated: list[str]
    student_ids: dict[str, str]  # NIP digits -> student_id, in roster order


def learner_table(metadata=None):
    """The ``egov_learner`` table: pseudonym ↔ NIP, OPD and whether the learner is synthetic."""
    import sqlalchemy as sa

    metadata = metadata or sa.MetaData()
    return sa.Table(
        "egov_learner",
        metadata,
        sa.Column("student_id", sa.String(128), primary_key=True),  # = student.id
        sa.Column("nip", sa.String(18), nullable=False, unique=True),
        sa.Column("opd", sa.String(64), nullable=False),
        sa.Column("synthetic", sa.Boolean, nullable=False, default=False),
        sa.Column("imported_at", sa.DateTime, nullable=False),
    )


def import_learners(course, learners: list[Learner], *, synthetic: bool = False, prefix: str | None = None,
                    dry_run: bool = False) -> ImportResult:
    """Add or update learners in the course gradebook in one transaction.

    A learner already known by NIP keeps their pseudonym; their name, email and OPD are updated.
    New learners get the next free pseudonym in roster order, so a fresh course imports the same
    roster to the same ids. ``prefix`` replaces ``asn-`` (default: ``$EGOV_PSEUDONYM_PREFIX`` or
    ``asn-``; a JupyterHub deployment's test uses its own). ``dry_run`` rolls the transaction back:
    the result tells which pseudonyms an import would give, and nothing is written.
    """
    prefix = prefix or pseudonym_prefix()
    import sqlalchemy as sa
    from nbgrader.api import Student

    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    with course.gradebook() as gb:
        session = gb.db
        table = learner_table()
        table.create(session.get_bind(), checkfirst=True)
        known = {row.nip: row.student_id for row in session.execute(sa.select(table.c.nip, table.c.student_id))}
        taken = {sid for (sid,) in session.execute(sa.select(Student.id))}
        next_number = 1 + max((_pseudonym_number(s, prefix) for s in taken), default=0)

        added, updated, ids = [], [], {}
        try:
            for learner in learners:
                nip = learner.nip.digits
                if nip in known:
                    sid = known[nip]
                    updated.append(sid)
                    session.execute(sa.update(table).where(table.c.student_id == sid).values(
                        opd=learner.opd, synthetic=synthetic, imported_at=now))
                else:
                    while (sid := f"{prefix}{next_number:04d}") in taken:
                        next_number += 1
                    taken.add(sid)
                    added.append(sid)
                    session.execute(sa.insert(table).values(
                        student_id=sid, nip=nip, opd=learner.opd, synthetic=synthetic, imported_at=now))
                student = session.get(Student, sid)
                if student is None:
                    student = Student(id=sid)
                    session.add(student)
                student.first_name = learner.nama
                student.last_name = ""
                student.email = learner.email
                ids[nip] = sid
            if dry_run:
                session.rollback()
            else:
                session.commit()
        except Exception:
            session.rollback()
            raise
    return ImportResult(added, updated, ids)


def pseudonym_prefix() -> str:
    """``asn-``, or what ``$EGOV_PSEUDONYM_PREFIX`` says (set by the JupyterHub deployment for its grader)."""
    return os.environ.get("EGOV_PSEUDONYM_PREFIX") or PSEUDONYM_PREFIX


def _pseudonym_number(student_id: str, prefix: str = PSEUDONYM_PREFIX) -> int:
    if student_id.startswith(prefix) and student_id[len(prefix):].isdigit():
        return int(student_id[len(prefix):])
    return 0


def learners_in_gradebook(course) -> list[dict]:
    """Rows of ``egov_learner`` (student_id, nip, opd, synthetic); empty when no roster was imported."""
    import sqlalchemy as sa

    with course.gradebook() as gb:
        bind = gb.db.get_bind()
        if not sa.inspect(bind).has_table("egov_learner"):
            return []
        table = learner_table()
        return [dict(r._mapping) for r in gb.db.execute(sa.select(table))]
