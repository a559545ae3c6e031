"""Answer formats of the quizzes: friendly format checks for learners, key matching for graders.

A learner answers by editing one line (``jawaban_3 = "b"``). Each quiz's set-up cell declares the
format of every question::

    cek_format = FormatKuis({1: "pilihan abcd", 2: "benar_salah", 3: "pilihan_banyak abcde",
                             4: "menjodohkan 4 abcde", 5: "angka", 6: "tanggal"})

``cek_format(jawaban_3)`` then says, in plain Indonesian, whether the answer has the right *form*
(echoing the value it read) and which values are allowed; it never says whether the answer is right,
and it reports instead of raising, so "Run All" on a half-finished quiz runs to the end. Correctness
lives in the hidden tests only: ``cek_format.cocok(jawaban, kunci, nomor=3)`` for all-or-nothing items and
``cek_format.skor(jawaban, kunci, nomor=3, poin=2)`` for partial credit (multiple select and
matching), whose value nbgrader reads as the cell's score. Nothing in this module knows a key.
The kernel side (answer lines read as text, Indonesian messages instead of tracebacks) is
:mod:`egov_course.quizshell`.

Formats (the codes are also used in ``quizbank/blueprint.csv``):

========================  =============================================  ==========================
code                      the learner writes                             scored
========================  =============================================  ==========================
``pilihan abcd``          one letter: ``"b"``                            all or nothing
``benar_salah``           ``"benar"`` or ``"salah"``                     all or nothing
``angka``                 a number: ``"2,63"``, ``"1.650"`` (= 1650)      all or nothing (tolerance)
``tanggal``               a date: ``"16-03-2026"``, ``"Senin, 16 Maret   all or nothing
                          2026"``
``pilihan_banyak abcde``  every right letter: ``"a, c, d"``              partial: (hits − false picks) / keys
``menjodohkan 4 abcde``   each number with a letter: ``"1-c, 2-a, …"``   partial: right pairs / pairs
========================  =============================================  ==========================
"""

from __future__ import annotations

import datetime as dt
import inspect
import linecache
import math
import numbers
import re
import sys
from dataclasses import dataclass

BENAR_SALAH = ("benar", "salah")
_OK = "✓ Bentuk jawaban{label} sudah sesuai: {shown}."
_OK_KUIS = " Benar atau tidaknya baru diketahui setelah kuis dinilai."
_OK_LATIHAN = " (Ini latihan; tidak dinilai.)"
NAMA_HARI = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
_HARI = r"(?:senin|selasa|rabu|kamis|jum'?at|sabtu|minggu|ahad)"
BULAN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "pebruari": 2, "maret": 3, "mar": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "agustus": 8, "agu": 8, "agt": 8, "ags": 8,
    "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "nop": 11,
    "desember": 12, "des": 12,
}
NAMA_BULAN = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober",
              "November", "Desember"]


class FormatJawabanError(AssertionError):
    """The answer is not in the expected format (an AssertionError, so nbgrader scores it 0)."""

    def _render_traceback_(self):  # IPython shows this instead of a traceback
        return [f"✗ {self}"]


def tanggal_lengkap(value: dt.date) -> str:
    """A date as Indonesians say it: ``Selasa, 20 Oktober 2026``."""
    return f"{NAMA_HARI[value.weekday()]}, {value.day} {NAMA_BULAN[value.month - 1]} {value.year}"


def angka_indonesia(value: float) -> str:
    """A number with a decimal comma and no thousands separator, so it cannot be misread: ``1650``, ``2,5``."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def _label(nomor) -> str:
    return f" nomor {nomor}" if nomor is not None else ""


def _is_blank(value) -> bool:
    return value is None or value is Ellipsis or (isinstance(value, str) and not value.strip())


def _letters(options: str) -> str:
    return ", ".join(f'"{p}"' for p in options)


def _letters_or(options: str) -> str:
    quoted = [f'"{p}"' for p in options]
    return ", ".join(quoted[:-1]) + " atau " + quoted[-1] if len(quoted) > 1 else quoted[0]


# ---------------------------------------------------------------------------------------------
# One class per format: ``parse`` turns an answer (or a key) into a comparable value or raises
# FormatJawabanError with a message for the learner; ``hint`` is the comment on the answer line.
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Format:
    code = ""
    partial = False  # scored by FormatKuis.skor (partial credit) instead of cocok

    def parse(self, value, nomor=None):
        raise NotImplementedError

    def allowed(self) -> str:
        raise NotImplementedError

    def blank(self, nomor) -> FormatJawabanError:
        return FormatJawabanError(f"Jawaban{_label(nomor)} masih kosong. {self.allowed()} "
                                  "Lalu jalankan sel jawabannya lagi (Shift + Enter).")

    def spec(self) -> str:
        return self.code

    def show(self, value) -> str:
        """A parsed answer as the ✓ line echoes it."""
        return f'"{value}"'


@dataclass(frozen=True)
class Pilihan(Format):
    options: str = "abcd"
    code = "pilihan"

    def allowed(self) -> str:
        return f"Ketik satu huruf di antara tanda kutip: {_letters_or(self.options)}."

    def parse(self, value, nomor=None):
        if _is_blank(value):
            raise self.blank(nomor)
        if not isinstance(value, str):
            raise FormatJawabanError(f"Jawaban{_label(nomor)} harus berupa huruf di antara tanda kutip, misalnya "
                                     f"\"{self.options[0]}\" (bukan {value}).")
        letter = value.strip().strip(".)").strip().lower()
        if len(letter) != 1 or letter not in self.options:
            raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{value}\" tidak dikenal. Pilih satu huruf saja: "
                                     f"{_letters_or(self.options)}.")
        return letter

    def spec(self) -> str:
        return f"pilihan {self.options}"


@dataclass(frozen=True)
class BenarSalah(Format):
    code = "benar_salah"

    def allowed(self) -> str:
        return "Ketik \"benar\" atau \"salah\" di antara tanda kutip."

    def parse(self, value, nomor=None):
        if isinstance(value, bool):
            return "benar" if value else "salah"
        if _is_blank(value):
            raise self.blank(nomor)
        text = value.strip().strip(".!").lower() if isinstance(value, str) else None
        if text not in BENAR_SALAH:
            raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{value}\" tidak dikenal. Tulis \"benar\" atau \"salah\".")
        return text


_THOUSANDS = re.compile(r"[-+]?[1-9]\d{0,2}(\.\d{3})+")  # 1.650, 12.500.000: Indonesian thousands


def parse_number(value):
    """A number from an int, a float, or text as Indonesians write it; None if it is not one.

    ',' is the decimal mark and '.' groups thousands ("2,63", "1.234,5", "1.650" = 1650); a '.' with
    other than three digits after it is a decimal point ("2.5", "0.75"); spaces and a final full stop
    are ignored.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(float(value)) else None
    if isinstance(value, str):
        text = value.strip().replace(" ", "").replace("\u00a0", "")
        if text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
        if "," in text:  # Indonesian style: '.' groups thousands, ',' is the decimal mark
            text = text.replace(".", "").replace(",", ".")
        elif _THOUSANDS.fullmatch(text):
            text = text.replace(".", "")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


@dataclass(frozen=True)
class Angka(Format):
    code = "angka"

    def allowed(self) -> str:
        return ("Tulis angkanya saja di antara tanda kutip, tanpa satuan, misalnya \"12\" atau \"2,5\" "
                "(koma untuk pecahan, titik untuk ribuan).")

    def parse(self, value, nomor=None):
        if _is_blank(value):
            raise self.blank(nomor)
        number = parse_number(value)
        if number is None:
            raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{value}\" bukan angka. {self.allowed()}")
        return number

    def show(self, value) -> str:
        return f"angka {angka_indonesia(value)}"


@dataclass(frozen=True)
class Tanggal(Format):
    code = "tanggal"

    def allowed(self) -> str:
        return ("Tulis tanggal-bulan-tahun di antara tanda kutip, tahun dengan 4 angka, misalnya \"16-03-2026\" "
                "atau \"16 Maret 2026\".")

    def show(self, value) -> str:
        return f"tanggal {tanggal_lengkap(value)}"

    def parse(self, value, nomor=None):
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if _is_blank(value):
            raise self.blank(nomor)
        if not isinstance(value, str):
            raise FormatJawabanError(f"Jawaban{_label(nomor)} {value} bukan tanggal. {self.allowed()}")
        text = re.sub(rf"^{_HARI}\s*,?\s*", "", value.strip().lower())  # "Selasa, 20 Oktober 2026"
        text = re.sub(rf"\s*\(\s*{_HARI}\s*\)$", "", text).rstrip(".").strip()  # "20-10-2026 (Selasa)", "20-10-2026."
        if re.fullmatch(r"\d{1,2}[-/.\s]+(\d{1,2}|[a-z]+)[-/.\s]+\d{2}", text):
            raise FormatJawabanError(f"Tahun pada jawaban{_label(nomor)} \"{value}\" ditulis dengan 4 angka, "
                                     "misalnya \"16-03-2026\".")
        try:
            if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
                year, month, day = (int(g) for g in m.groups())
            elif m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
                day, month, year = (int(g) for g in m.groups())
            elif m := re.fullmatch(r"(\d{1,2})\s+([a-z]+)\.?\s+(\d{4})", text):
                if m.group(2) not in BULAN:
                    raise FormatJawabanError(f"Nama bulan \"{m.group(2)}\" pada jawaban{_label(nomor)} tidak dikenal. "
                                             "Tulis nama bulan dalam bahasa Indonesia, misalnya \"Maret\".")
                day, month, year = int(m.group(1)), BULAN[m.group(2)], int(m.group(3))
            else:
                raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{value}\" belum berbentuk tanggal. {self.allowed()}")
            return dt.date(year, month, day)
        except ValueError:
            raise FormatJawabanError(f"Tanggal{_label(nomor)} \"{value}\" tidak ada di kalender. Periksa tanggal dan "
                                     "bulannya (tanggal-bulan-tahun).") from None


def _tokens(text: str) -> list[str]:
    return [t for t in re.split(r"[\s,;/&+]+|\bdan\b", text.lower()) if t]


@dataclass(frozen=True)
class PilihanBanyak(Format):
    options: str = "abcde"
    code = "pilihan_banyak"
    partial = True

    def allowed(self) -> str:
        return (f"Ketik SEMUA huruf yang benar di antara tanda kutip, dipisah koma, misalnya \"{self.options[0]}, "
                f"{self.options[2]}\". Huruf yang boleh: {_letters(self.options)}.")

    def parse(self, value, nomor=None):
        if _is_blank(value) or (isinstance(value, (list, tuple, set, frozenset)) and not value):
            raise self.blank(nomor)
        if isinstance(value, str):
            parts = _tokens(value.replace(".", " ").replace(")", " "))
            if len(parts) == 1 and len(parts[0]) > 1 and set(parts[0]) <= set(self.options):
                parts = list(parts[0])  # "ac" written without commas
        elif isinstance(value, (list, tuple, set, frozenset)) and all(isinstance(v, str) for v in value):
            parts = [v.strip().lower() for v in value]
        else:
            raise FormatJawabanError(f"Jawaban{_label(nomor)} {value} tidak dikenal. {self.allowed()}")
        unknown = [p for p in parts if p not in self.options]
        if unknown:
            raise FormatJawabanError(f"Jawaban{_label(nomor)}: \"{unknown[0]}\" bukan pilihan yang ada. "
                                     f"Huruf yang boleh: {_letters(self.options)}, dipisah koma.")
        return frozenset(parts)

    def spec(self) -> str:
        return f"pilihan_banyak {self.options}"

    def show(self, value) -> str:
        return '"' + ", ".join(sorted(value)) + '"'


@dataclass(frozen=True)
class Menjodohkan(Format):
    pairs: int = 4
    options: str = "abcd"
    code = "menjodohkan"
    partial = True

    def allowed(self) -> str:
        example = ", ".join(f"{n}-{self.options[(n - 1) % len(self.options)]}" for n in range(1, self.pairs + 1))
        return (f"Pasangkan setiap nomor 1 sampai {self.pairs} dengan satu huruf ({_letters(self.options)}), "
                f"di antara tanda kutip, misalnya \"{example}\". Setiap huruf dipakai paling banyak sekali.")

    def parse(self, value, nomor=None):
        if _is_blank(value) or (isinstance(value, dict) and not value):
            raise self.blank(nomor)
        if isinstance(value, dict):
            items = [(str(k), str(v)) for k, v in value.items()]
        elif isinstance(value, str):
            found = re.findall(r"(\d+)\s*[-=:>.)]*\s*([a-z])\b", value.lower())
            rest = re.sub(r"(\d+)\s*[-=:>.)]*\s*([a-z])\b", "", value.lower())
            if not found or re.search(r"[0-9a-z]", rest.replace("dan", "")):
                raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{value}\" belum berbentuk pasangan. {self.allowed()}")
            items = found
        else:
            raise FormatJawabanError(f"Jawaban{_label(nomor)} {value} tidak dikenal. {self.allowed()}")
        answer: dict[int, str] = {}
        for number_text, letter in items:
            letter = letter.strip().lower()
            if not number_text.strip().isdigit() or not 1 <= int(number_text) <= self.pairs:
                raise FormatJawabanError(f"Jawaban{_label(nomor)}: nomor {number_text} tidak ada. Nomornya 1 sampai {self.pairs}.")
            if letter not in self.options or len(letter) != 1:
                raise FormatJawabanError(f"Jawaban{_label(nomor)}: \"{letter}\" bukan pilihan yang ada. "
                                         f"Huruf yang boleh: {_letters(self.options)}.")
            number = int(number_text)
            if number in answer:
                raise FormatJawabanError(f"Jawaban{_label(nomor)}: nomor {number} dipasangkan dua kali. Pasangkan setiap nomor sekali saja.")
            answer[number] = letter
        missing = [str(n) for n in range(1, self.pairs + 1) if n not in answer]
        if missing:
            raise FormatJawabanError(f"Jawaban{_label(nomor)}: nomor {', '.join(missing)} belum dipasangkan. {self.allowed()}")
        letters = list(answer.values())
        twice = sorted({x for x in letters if letters.count(x) > 1})
        if twice:
            raise FormatJawabanError(f"Jawaban{_label(nomor)}: huruf \"{twice[0]}\" dipakai lebih dari sekali. "
                                     "Setiap huruf dipakai paling banyak sekali.")
        return answer

    def spec(self) -> str:
        return f"menjodohkan {self.pairs} {self.options}"

    def show(self, value) -> str:
        return '"' + ", ".join(f"{n}-{value[n]}" for n in sorted(value)) + '"'


FORMATS = {"pilihan": Pilihan, "benar_salah": BenarSalah, "angka": Angka, "tanggal": Tanggal,
           "pilihan_banyak": PilihanBanyak, "menjodohkan": Menjodohkan}


def parse_format(spec: str) -> Format:
    """A :class:`Format` from its spec string, e.g. ``"pilihan abcd"`` or ``"menjodohkan 4 abcde"``."""
    code, *args = spec.split()
    if code not in FORMATS:
        raise ValueError(f"unknown answer format {code!r} in {spec!r}; known: {', '.join(FORMATS)}")
    cls = FORMATS[code]
    if cls is Menjodohkan:
        if len(args) != 2 or not args[0].isdigit():
            raise ValueError(f"format {spec!r}: write 'menjodohkan <number of pairs> <letters>'")
        fmt = Menjodohkan(int(args[0]), args[1])
        if fmt.pairs > len(fmt.options):
            raise ValueError(f"format {spec!r}: more pairs than letters")
        return fmt
    if cls in (Pilihan, PilihanBanyak):
        if len(args) != 1 or not re.fullmatch(r"[a-z]{2,}", args[0]) or len(set(args[0])) != len(args[0]):
            raise ValueError(f"format {spec!r}: write '{code} <letters>', e.g. '{code} abcd'")
        return cls(args[0])
    if args:
        raise ValueError(f"format {spec!r}: {code} takes no arguments")
    return cls()


class FormatKuis:
    """The formats of one quiz, by question number; called as ``cek_format(jawaban_3)``.

    ``latihan=True`` is for ungraded practice (lesson 00): the ✓ line then says nothing will be graded.
    """

    def __init__(self, formats: dict, latihan: bool = False):
        self.formats = {int(n): parse_format(s) if isinstance(s, str) else s for n, s in formats.items()}
        self.latihan = latihan

    def format(self, nomor) -> Format:
        try:
            return self.formats[int(nomor)]
        except (KeyError, TypeError, ValueError):
            raise FormatJawabanError(f"Soal nomor {nomor} tidak ada di kuis ini. Nomor yang ada: "
                                     f"{', '.join(str(n) for n in sorted(self.formats))}.") from None

    def _nomor_from_caller(self, value, frame) -> int | None:
        """The N of ``cek_format(jawaban_N)`` as written in the calling line (or the only jawaban_N holding value)."""
        line = linecache.getline(frame.f_code.co_filename, frame.f_lineno)
        names = re.findall(r"\bjawaban_(\d+)\b", line)
        if len(set(names)) == 1:
            return int(names[0])
        holders = {int(m.group(1)) for name, v in frame.f_globals.items()
                   if (m := re.fullmatch(r"jawaban_(\d+)", name)) and v is value}
        return holders.pop() if len(holders) == 1 else None

    def periksa(self, jawaban, nomor) -> tuple[bool, str]:
        """(form is right, the one Indonesian sentence a learner reads) for an answer to question ``nomor``."""
        try:
            fmt = self.format(nomor)
            value = fmt.parse(jawaban, nomor)
        except FormatJawabanError as err:
            return False, f"✗ {err}"
        return True, _OK.format(label=_label(nomor), shown=fmt.show(value)) + (_OK_LATIHAN if self.latihan else _OK_KUIS)

    def __call__(self, jawaban, nomor=None) -> None:
        """Check the form of an answer and print what was found; never raises, so "Run All" goes on.

        A wrong form is printed to stderr (JupyterLab shows it in red). Returns None, so a check cell
        shows no ``Out[ ]`` value; use :meth:`periksa` for the verdict.
        """
        if nomor is None:
            frame = inspect.currentframe().f_back
            try:
                nomor = self._nomor_from_caller(jawaban, frame)
            finally:
                del frame
            if nomor is None:
                print("✗ Tulis nomor soalnya juga, misalnya cek_format(jawaban_3, nomor=3).", file=sys.stderr)
                return
        ok, message = self.periksa(jawaban, nomor)
        print(message, file=sys.stdout if ok else sys.stderr)

    def petunjuk(self, nomor) -> str:
        """What answers question ``nomor`` accepts, in plain Indonesian."""
        return self.format(nomor).allowed()

    def cocok(self, jawaban, kunci, nomor, toleransi: float = 0.0) -> bool:
        """True when the answer equals the key after the format's normalisation (hidden tests only)."""
        fmt = self.format(nomor)
        return credit_share(fmt, jawaban, fmt.parse(kunci), toleransi) == 1.0

    def skor(self, jawaban, kunci, nomor, poin: float) -> float:
        """Partial credit in points, rounded to 2 decimals (hidden tests of multiple-select and matching items).

        Multiple select: (right letters chosen − wrong letters chosen) / right letters, at least 0.
        Matching: right pairs / pairs. Other formats: all or nothing.
        """
        fmt = self.format(nomor)
        key = fmt.parse(kunci)
        try:
            value = fmt.parse(jawaban, nomor)
        except FormatJawabanError as err:  # a malformed answer scores 0 and says why, in the feedback too
            print(f"✗ {err} Nilai 0 dari {poin:g} poin.")
            return 0.0
        share = credit_share(fmt, value, key)
        if isinstance(fmt, PilihanBanyak):
            detail = f"{len(value & key)} dari {len(key)} pilihan yang benar terpilih, {len(value - key)} pilihan keliru ikut terpilih"
        elif isinstance(fmt, Menjodohkan):
            detail = f"{sum(value[n] == key[n] for n in key)} dari {len(key)} pasangan tepat"
        else:
            detail = "tepat" if share else "belum tepat"
        points = round(poin * share, 2)
        if share < 1:
            print(f"Jawaban nomor {nomor}: {detail}; nilai {points:g} dari {poin:g} poin.")
        return points


def credit_share(fmt: Format, answer, key, tolerance: float = 0.0) -> float:
    """The share of an item's points an answer earns against a parsed key; 0 for a malformed answer.

    Multiple select: (right letters chosen − wrong letters chosen) / right letters, at least 0.
    Matching: right pairs / pairs. Numbers: within the tolerance. Others: equal after normalisation.
    """
    try:
        value = fmt.parse(answer)
    except FormatJawabanError:
        return 0.0
    if isinstance(fmt, PilihanBanyak):
        return max(0.0, (len(value & key) - len(value - key)) / len(key))
    if isinstance(fmt, Menjodohkan):
        return sum(value[n] == key[n] for n in key) / len(key)
    if isinstance(fmt, Angka):
        return 1.0 if abs(value - key) <= tolerance + 1e-9 else 0.0
    return 1.0 if value == key else 0.0


def format_tanggal(value: dt.date) -> str:
    """A date as learners write it: ``16-03-2026``."""
    return value.strftime("%d-%m-%Y")
