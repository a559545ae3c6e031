"""Local facts of Pemerintah Kota Dumai (``content/fakta_lokal.yaml``) and their markers in lesson text.

Some things a Pemkot Dumai training must say are not in the law fact sheet and may not be invented: who the
PPID Utama is, who the Walidata is, where to report a data leak, which region codes to use. The organiser
(Diskominfotiksan) fills them in ``fakta_lokal.yaml`` before the Bimtek; the repository ships them empty.

A lesson's markdown shows a local fact between two markers::

    PPID Utama: <!-- fakta_lokal:ppid_utama -->_(diisi panitia)_<!-- /fakta_lokal -->

:func:`stamp` (run by ``egov-course content stamp``) rewrites what is between the markers with the fact's
value, or with ``_(diisi panitia)_`` while it is empty; :func:`scan` (run by ``egov-course content check``)
reports unknown ids, unclosed markers and text that was not stamped, and lists the facts still empty.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .content import _read_yaml, data_path
from .coursedir import lesson_paths
from .errors import ContentError, Problem

EMPTY = "_(diisi panitia)_"
OPEN = re.compile(r"<!-- fakta_lokal:([^ >]*) -->")
CLOSE = "<!-- /fakta_lokal -->"
MARKER = re.compile(r"<!-- fakta_lokal:([a-z][a-z0-9_]*) -->(.*?)<!-- /fakta_lokal -->", re.S)
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_KEYS = {"id", "label", "untuk_panitia", "value", "used_in"}
_REQUIRED = ("id", "label", "untuk_panitia", "used_in")


@dataclass(frozen=True)
class LocalFact:
    id: str
    label: str  # short Indonesian label, as the lesson and the check's report show it
    untuk_panitia: str  # what the organiser must find out and write, and where to find it
    value: str | None  # None in the repository: the organiser fills it in before the Bimtek
    used_in: tuple[str, ...]  # lesson stems whose markdown carries the marker

    @property
    def filled(self) -> bool:
        return bool(self.value)

    @property
    def text(self) -> str:
        """What the lesson shows between the markers."""
        return self.value.strip() if self.value else EMPTY


def default_path() -> Path:
    return data_path("fakta_lokal.yaml")


def load(path: str | Path | None = None) -> dict[str, LocalFact]:
    """The local facts by id; a ContentError names the file and the entry of every problem."""
    path = Path(path) if path is not None else default_path()
    data = _read_yaml(path)
    problems: list[Problem] = []
    entries = data.get("fakta") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ContentError(path, [Problem(None, "fakta", "harus berupa daftar entri fakta lokal")])
    facts: dict[str, LocalFact] = {}
    for number, entry in enumerate(entries, start=1):
        where = f"fakta[{number}]"
        if not isinstance(entry, dict):
            problems.append(Problem(None, where, "entri harus berupa pemetaan (id, label, untuk_panitia, value, used_in)"))
            continue
        if isinstance(entry.get("id"), str):
            where = f"fakta[{number}] ({entry['id']})"
        for key in sorted(set(entry) - _KEYS):
            problems.append(Problem(None, where, f"kunci tidak dikenal {key!r} (yang boleh: {', '.join(sorted(_KEYS))})"))
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            problems.append(Problem(None, where, f"kunci wajib tidak ada: {', '.join(missing)}"))
            continue
        fact_id, value, used = entry["id"], entry.get("value"), entry["used_in"]
        if not isinstance(fact_id, str) or not _ID.match(fact_id):
            problems.append(Problem(None, where, f"id {fact_id!r} harus huruf kecil, angka dan garis bawah"))
            continue
        if fact_id in facts:
            problems.append(Problem(None, where, f"id {fact_id!r} ganda"))
            continue
        for key in ("label", "untuk_panitia"):
            if not isinstance(entry[key], str) or not entry[key].strip():
                problems.append(Problem(None, where, f"{key} harus berupa teks"))
        if value is not None and (not isinstance(value, str) or "\n" in value.strip() or CLOSE in value
                                  or "<!--" in value):
            problems.append(Problem(None, where, "value harus kosong (null) atau satu baris teks tanpa penanda"))
            continue
        if not isinstance(used, list) or not used or not all(isinstance(u, str) for u in used):
            problems.append(Problem(None, where, "used_in harus daftar nama materi, misalnya [03_keterbukaan_informasi]"))
            continue
        facts[fact_id] = LocalFact(fact_id, str(entry["label"]).strip(), str(entry["untuk_panitia"]).strip(),
                                   value.strip() if isinstance(value, str) and value.strip() else None, tuple(used))
    if problems:
        raise ContentError(path, problems)
    return facts


def render(source: str, facts: dict[str, LocalFact]) -> str:
    """``source`` with every known marker's content replaced by the fact's text (unknown ids are left alone)."""
    def replace(match: re.Match) -> str:
        fact = facts.get(match.group(1))
        if fact is None:
            return match.group(0)
        return f"<!-- fakta_lokal:{fact.id} -->{fact.text}{CLOSE}"
    return MARKER.sub(replace, source)


def stamp(root: Path, facts: dict[str, LocalFact] | None = None, lessons: list[str] | None = None) -> list[Path]:
    """Rewrite the markers of every lesson (or of ``lessons``, by stem or number prefix) with the facts' values;
    returns the lessons that changed. Idempotent."""
    facts = load() if facts is None else facts
    changed = []
    for path in lesson_paths(root):
        if lessons is not None and not any(path.stem == s or path.stem.startswith(f"{s}_") for s in lessons):
            continue
        nb = nbformat.read(path, as_version=4)
        dirty = False
        for cell in nb.cells:
            if cell.cell_type == "markdown" and "fakta_lokal" in cell.source:
                new = render(cell.source, facts)
                if new != cell.source:
                    cell.source, dirty = new, True
        if dirty:
            nbformat.write(nb, path)
            changed.append(path)
    return changed


@dataclass
class Scan:
    problems: list[str]
    unfilled: list[LocalFact]
    used: dict[str, list[str]]  # fact id -> lesson stems whose text carries its marker

    def warnings(self) -> list[str]:
        return [f"`{f.id}` ({f.label}): belum diisi; dipakai di {', '.join(self.used.get(f.id) or f.used_in)}"
                for f in self.unfilled]


def scan(root: Path, facts: dict[str, LocalFact] | None = None, path: Path | None = None) -> Scan:
    """Problems of the markers in the lessons' markdown (unknown id, marker not closed, text not stamped, a lesson
    that ``used_in`` names but that has no marker) and the facts still empty."""
    facts = load(path) if facts is None else facts
    problems: list[str] = []
    used: dict[str, list[str]] = {}
    for lesson in lesson_paths(root):
        nb = nbformat.read(lesson, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown" or "fakta_lokal" not in cell.source:
                continue
            place = f"course/{lesson.name}, sel {index}"
            source = cell.source
            opens, closes = len(OPEN.findall(source)), source.count(CLOSE)
            complete = MARKER.findall(source)
            if opens != len(complete) or closes != len(complete):
                problems.append(f"{place}: penanda fakta lokal tidak lengkap ({opens} pembuka, {closes} penutup); "
                                f"tulis <!-- fakta_lokal:ID -->...{CLOSE}")
            for fact_id, content in complete:
                fact = facts.get(fact_id)
                if fact is None:
                    problems.append(f"{place}: id fakta lokal {fact_id!r} tidak ada di fakta_lokal.yaml")
                    continue
                stems = used.setdefault(fact_id, [])
                if lesson.stem not in stems:
                    stems.append(lesson.stem)
                if content != fact.text:
                    problems.append(f"{place}: isi penanda {fact_id!r} tidak sama dengan fakta_lokal.yaml "
                                    "(jalankan `egov-course content stamp`)")
    lessons = {p.stem for p in lesson_paths(root)}
    for fact in facts.values():
        for stem in fact.used_in:
            if stem in lessons and stem not in used.get(fact.id, []):
                problems.append(f"fakta_lokal.yaml ({fact.id}): used_in menyebut {stem}, tetapi materi itu tidak "
                                "memuat penandanya")
        for stem in used.get(fact.id, []):
            if stem not in fact.used_in:
                problems.append(f"fakta_lokal.yaml ({fact.id}): penandanya ada di {stem}; tambahkan ke used_in")
    return Scan(problems, [f for f in facts.values() if not f.filled], used)
