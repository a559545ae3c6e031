"""Helpers the quiz notebooks call: format checks for learners and answer matching for graders.

Learners answer by editing one line (``jawaban_3 = "b"``). The visible check in each quiz only
says whether the *format* is right, in plain Indonesian; correctness is checked by hidden tests
that call :func:`sama`. Nothing here knows an answer key.
"""

from __future__ import annotations

import math
import numbers

BENAR_SALAH = ("benar", "salah")
_OK = "✓ Format jawaban nomor {n} sudah benar. Nilainya akan keluar setelah kuis dinilai."


class FormatJawabanError(AssertionError):
    """The answer is not in the expected format (an AssertionError, so nbgrader scores it 0)."""


def _label(nomor) -> str:
    return f" nomor {nomor}" if nomor is not None else ""


def _format_ok(nomor) -> None:
    print(_OK.format(n=nomor) if nomor is not None else _OK.replace(" nomor {n}", ""))


def _is_blank(value) -> bool:
    return value is None or value is Ellipsis or (isinstance(value, str) and not value.strip())


def normalisasi_pilihan(value) -> str:
    return value.strip().strip(".)").strip().lower() if isinstance(value, str) else value


def cek_pilihan(jawaban, pilihan: str = "abcd", nomor=None) -> str:
    """Check a multiple-choice answer: one letter among ``pilihan``. Returns it in lower case."""
    huruf = ", ".join(f'"{p}"' for p in pilihan)
    if _is_blank(jawaban):
        raise FormatJawabanError(
            f"Jawaban{_label(nomor)} masih kosong. Ketik satu huruf di antara tanda kutip, misalnya \"{pilihan[0]}\", lalu jalankan sel jawabannya lagi.")
    if not isinstance(jawaban, str):
        raise FormatJawabanError(
            f"Jawaban{_label(nomor)} harus berupa huruf di antara tanda kutip, misalnya \"{pilihan[0]}\" (bukan {jawaban!r}).")
    value = normalisasi_pilihan(jawaban)
    if value not in pilihan or len(value) != 1:
        raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{jawaban}\" tidak dikenal. Pilih satu huruf: {huruf}.")
    _format_ok(nomor)
    return value


def normalisasi_benar_salah(value):
    if isinstance(value, bool):
        return "benar" if value else "salah"
    if isinstance(value, str):
        return value.strip().strip(".!").lower()
    return value


def cek_benar_salah(jawaban, nomor=None) -> str:
    """Check a true/false answer: "benar" or "salah" (any case; True/False also accepted)."""
    if _is_blank(jawaban):
        raise FormatJawabanError(
            f"Jawaban{_label(nomor)} masih kosong. Ketik \"benar\" atau \"salah\" di antara tanda kutip, lalu jalankan sel jawabannya lagi.")
    value = normalisasi_benar_salah(jawaban)
    if value not in BENAR_SALAH:
        raise FormatJawabanError(f"Jawaban{_label(nomor)} \"{jawaban}\" tidak dikenal. Tulis \"benar\" atau \"salah\".")
    _format_ok(nomor)
    return value


def normalisasi_angka(value):
    """A number from an int, a float, or text such as "0,66", "1.234,5" or " 10 "."""
    if isinstance(value, bool):
        return None
    if isinstance(value, numbers.Real):
        return float(value)
    if isinstance(value, str):
        text = value.strip().replace(" ", "")
        if "," in text:  # Indonesian style: '.' groups thousands, ',' is the decimal mark
            text = text.replace(".", "").replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None
        return number if math.isfinite(number) else None
    return None


def cek_angka(jawaban, nomor=None) -> float:
    """Check a numeric answer: a number, written with or without quotes; "0,5" and 0.5 both work."""
    if _is_blank(jawaban):
        raise FormatJawabanError(
            f"Jawaban{_label(nomor)} masih kosong. Tulis sebuah angka, misalnya 12 atau 0.75, lalu jalankan sel jawabannya lagi.")
    value = normalisasi_angka(jawaban)
    if value is None:
        raise FormatJawabanError(f"Jawaban{_label(nomor)} {jawaban!r} bukan angka. Tulis angka saja, misalnya 12 atau 0.75 (tanpa satuan).")
    _format_ok(nomor)
    return value


def sama(jawaban, kunci, toleransi: float = 0.0) -> bool:
    """True when ``jawaban`` matches ``kunci`` after the same normalisation the format checks use.

    Numbers match within ``toleransi``; "benar"/"salah" and letters match ignoring case and spaces.
    Used by hidden tests: ``assert sama(jawaban_3, "b")``.
    """
    if isinstance(kunci, numbers.Real) and not isinstance(kunci, bool):
        value = normalisasi_angka(jawaban)
        return value is not None and abs(value - float(kunci)) <= toleransi + 1e-9
    key = normalisasi_benar_salah(kunci)
    if key in BENAR_SALAH:
        return normalisasi_benar_salah(jawaban) == key
    return normalisasi_pilihan(jawaban) == normalisasi_pilihan(kunci)
