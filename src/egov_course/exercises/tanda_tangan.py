"""Integrity of an electronic document: a teaching model of one condition of UU ITE Pasal 11 ayat (1).

Pasal 11 ayat (1) of UU 11/2008 gives an electronic signature legal force only if, among other
conditions, any change to the signed information after signing can be detected. The learner makes a
SHA-256 fingerprint ("sidik", hash) of a short fictitious letter, edits one character and checks the
document again: the fingerprint changes completely, which is how a change is detected (PP 71/2019
Pasal 60 ayat (1): a signature serves the integrity of the information). The exercise says prominently
that this is a teaching model, not a certified electronic signature (which uses a certificate from an
Indonesian Penyelenggara Sertifikasi Elektronik; PP 71/2019), and explains the two kinds of signature:
certified and uncertified can both have legal force if they meet the six conditions; certification makes
a signature stronger as evidence (PP 71/2019 Pasal 59-60; ITE Pasal 17 ayat (2a) for high-risk
transactions). Texts live in ``content/exercises/tanda_tangan.yaml``.
"""

from __future__ import annotations

import hashlib
import html
import re
import string
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..errors import ContentError, Problem
from . import ExerciseView, Feedback, checked_facts, read_exercise, required_text, show

NAME = "tanda_tangan"
HASH_LENGTH = 64  # hex characters of a SHA-256 digest
MESSAGES = ("sidik_dibuat", "utuh", "berubah", "kosong", "belum_ada_sidik")
PLACEHOLDERS = {"berubah": {"beda"}}  # the only {name} a message may use
_HEX_RE = re.compile(r"^[0-9a-f]{64}$")


@dataclass(frozen=True)
class DemoContent:
    """The texts of the demo: title, intro, the two kinds of signature, the prominent note, the letter, the messages."""

    title: str
    intro: str
    jenis_tte: str  # certified vs uncertified electronic signatures (PP 71/2019 Pasal 59-60)
    catatan: str
    dokumen_awal: str
    pasal: str
    facts: tuple[str, ...]
    pesan: dict[str, str]
    path: Path | None = None  # the content file it was read from


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def load(path: str | Path | None = None) -> DemoContent:
    """Read and check the demo texts (default: the shipped ``content/exercises/tanda_tangan.yaml``).

    A missing or empty text, a message with an unknown ``{placeholder}``, or a fact id that is unknown or
    not V1/V2 raises a ContentError that names the file and the entry.
    """
    source, data = read_exercise(NAME, path)
    problems: list[Problem] = []
    texts = {key: required_text(data, key, "", problems) for key in ("title", "intro", "jenis_tte", "catatan", "pasal")}
    document = data.get("dokumen_awal")
    if not isinstance(document, str) or not document.strip():
        problems.append(Problem(None, "dokumen_awal", "wajib diisi dengan teks surat contoh"))
    pesan = data.get("pesan")
    messages: dict[str, str] = {}
    if not isinstance(pesan, dict):
        problems.append(Problem(None, "pesan", f"harus berupa pemetaan dengan kunci {', '.join(MESSAGES)}"))
    else:
        for key in MESSAGES:
            value = required_text(pesan, key, "pesan", problems)
            unknown = _placeholders(value) - PLACEHOLDERS.get(key, set())
            if unknown:
                problems.append(Problem(None, f"pesan.{key}", f"memakai {{{', '.join(sorted(unknown))}}} yang tidak dikenal"))
            elif value:
                messages[key] = value
    facts = checked_facts(data, "", problems)
    if problems:
        raise ContentError(source, problems)
    return DemoContent(texts["title"], texts["intro"], texts["jenis_tte"], texts["catatan"], document, texts["pasal"],
                       facts, messages, source)


@lru_cache(maxsize=1)
def _default() -> DemoContent:
    """The shipped texts, read once per process."""
    return load()


def fingerprint(text: str) -> str:
    """The SHA-256 fingerprint of ``text`` (encoded as UTF-8), as 64 lowercase hex characters."""
    if not isinstance(text, str):
        raise TypeError(f"fingerprint() needs a str, not {type(text).__name__}")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _check_hash(value: str, name: str) -> str:
    if not isinstance(value, str) or not _HEX_RE.match(value.strip().lower()):
        raise ValueError(f"{name} must be a SHA-256 hex digest of {HASH_LENGTH} characters, got {value!r}")
    return value.strip().lower()


def diff_positions(h1: str, h2: str) -> list[int]:
    """The 0-based positions at which two fingerprints differ (both must be SHA-256 hex digests)."""
    a, b = _check_hash(h1, "h1"), _check_hash(h2, "h2")
    return [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def _blank(text) -> bool:
    return not isinstance(text, str) or not text.strip()


def make_fingerprint(text: str, data: DemoContent | None = None) -> tuple[str | None, Feedback]:
    """The fingerprint to save for ``text`` and what to tell the learner; ``(None, ...)`` for an empty text."""
    data = data or _default()
    if _blank(text):
        return None, Feedback(None, data.pesan["kosong"])
    return fingerprint(text), Feedback(None, data.pesan["sidik_dibuat"], data.pasal)


def compare(saved_hash: str | None, text: str, data: DemoContent | None = None) -> Feedback:
    """Whether ``text`` still has the saved fingerprint: "Dokumen utuh" (correct=True) or "Dokumen berubah" (False).

    An empty text or no saved fingerprint yet gives a friendly message (``correct=None``); a saved value
    that is not a SHA-256 hex digest is a programming error (ValueError).
    """
    data = data or _default()
    if _blank(text):
        return Feedback(None, data.pesan["kosong"])
    if saved_hash is None or (isinstance(saved_hash, str) and not saved_hash.strip()):
        return Feedback(None, data.pesan["belum_ada_sidik"])
    saved = _check_hash(saved_hash, "saved_hash")
    current = fingerprint(text)
    if current == saved:
        return Feedback(True, data.pesan["utuh"], data.pasal, 1.0)
    return Feedback(False, data.pesan["berubah"].format(beda=len(diff_positions(saved, current))), data.pasal, 0.0)


def hash_html(value: str, positions: list[int] | set[int] = ()) -> str:
    """A fingerprint in monospace, with the characters at ``positions`` highlighted (class ``beda``)."""
    marked = set(positions)
    return "".join(
        f"<span class='beda' style='background:#ffcdd2;color:#b71c1c;font-weight:bold'>{c}</span>" if i in marked else c
        for i, c in enumerate(value))


def hashes_html(saved_hash: str, text: str) -> str:
    """Both fingerprints, one above the other, with the differing hex characters highlighted."""
    saved, current = _check_hash(saved_hash, "saved_hash"), fingerprint(text)
    positions = diff_positions(saved, current)
    legend = " Karakter yang berbeda ditandai merah." if positions else ""
    return ("<div style='font-family:monospace;font-size:95%;margin:6px 0;line-height:1.7;overflow-x:auto'>"
            f"Sidik jari tersimpan&nbsp;: {hash_html(saved, positions)}<br>"
            f"Sidik jari sekarang&nbsp;&nbsp;: {hash_html(current, positions)}</div>"
            f"<div style='font-size:90%'>{len(positions)} dari {HASH_LENGTH} karakter berbeda.{legend}</div>")


class TandaTanganView(ExerciseView):
    """The widgets: the note, a text area with the letter, Buat sidik, Periksa keutuhan, Coba lagi, output, the two kinds."""

    def __init__(self, data: DemoContent | None = None):
        import ipywidgets as widgets

        self.data = data or _default()
        self.sidik_tersimpan: str | None = None
        wide = widgets.Layout(width="95%", max_width="900px")
        self.judul = widgets.HTML(f"<h3 style='margin:4px 0'>{html.escape(self.data.title)}</h3>"
                                  f"<p style='max-width:900px;line-height:1.5'>{html.escape(self.data.intro)}</p>")
        self.catatan = widgets.HTML(
            "<div style='max-width:900px;background:#fff3cd;border:2px solid #f0ad4e;border-radius:4px;padding:8px 12px;"
            f"line-height:1.5'><b>⚠ {html.escape(self.data.catatan)}</b></div>")
        self.jenis = widgets.HTML(
            "<div style='max-width:900px;background:#e8eaf6;border-left:4px solid #283593;padding:8px 12px;"
            f"line-height:1.5'><b>Tanda tangan elektronik tersertifikasi dan tidak tersertifikasi.</b> "
            f"{html.escape(self.data.jenis_tte)}</div>")
        self.teks = widgets.Textarea(value=self.data.dokumen_awal, description="Isi dokumen:",
                                     layout=widgets.Layout(width="95%", max_width="900px", height="280px"),
                                     style={"description_width": "initial"})
        self.tombol_sidik = widgets.Button(description="Buat sidik jari", button_style="info", icon="hashtag",
                                           layout=widgets.Layout(width="180px"))
        self.tombol = widgets.Button(description="Periksa keutuhan", button_style="primary", icon="check",
                                     layout=widgets.Layout(width="180px"))
        self.tombol_ulang = widgets.Button(description="Coba lagi", icon="undo", layout=widgets.Layout(width="140px"))
        self.hasil = widgets.Output(layout=wide)
        self.tombol_sidik.on_click(self._buat_sidik)
        self.tombol.on_click(self._periksa)
        self.tombol_ulang.on_click(self._ulang)
        self.widget = widgets.VBox([self.judul, self.catatan, self.teks,
                                    widgets.HBox([self.tombol_sidik, self.tombol, self.tombol_ulang]), self.hasil,
                                    self.jenis])

    def _buat_sidik(self, _button=None) -> None:
        saved, feedback = make_fingerprint(self.teks.value, self.data)
        if saved is None:
            show(self.hasil, feedback)
            return
        self.sidik_tersimpan = saved
        show(self.hasil, feedback, extra_html=("<div style='font-family:monospace;font-size:95%;margin:6px 0;overflow-x:auto'>"
                                               f"Sidik jari tersimpan&nbsp;: {saved}</div>"))

    def _periksa(self, _button=None) -> None:
        feedback = compare(self.sidik_tersimpan, self.teks.value, self.data)
        extra = hashes_html(self.sidik_tersimpan, self.teks.value) if feedback.correct is not None else ""
        show(self.hasil, feedback, extra_html=extra)

    def _ulang(self, _button=None) -> None:
        self.teks.value = self.data.dokumen_awal
        self.sidik_tersimpan = None
        self.hasil.outputs = ()


def tampilkan(path: str | Path | None = None) -> TandaTanganView:
    """Build the exercise and return it; as the last line of a lesson cell, Jupyter shows it (once)."""
    view = TandaTanganView(load(path) if path is not None else None)
    return view
