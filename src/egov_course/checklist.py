"""The content checklist a trainer runs when a law changes: ``egov-course content check``.

It lists, per lesson, per assignment and per exercise, every fact the material cites (from the
register ``content/legal_facts.yaml``) with its Pasal, status and period in force, and fails when:

* a quiz key, an exercise answer or a lesson passage rests on a fact that is UNVERIFIED or not in force
  on the course's reference date (``content/kursus.yaml``);
* a lesson passage tells a superseded fact as history without dating it, or lists as history a fact
  that is still in force;
* a lesson cell cites a Pasal but names no facts (cell metadata ``egov_course.facts``);
* a lesson or quiz does not show the reference date;
* learner text presents a revoked UU ITE article, or an old penalty of UU KIP, UU ITE or UU PDP, outside a
  dated history passage (:func:`scan_superseded`, a text search: see its patterns);
* lesson markdown carries a research note meant for the course team ("belum terverifikasi", "sumber
  sekunder", "tidak kami baca": :func:`scan_hedges`); the status belongs in the fact register and the cell's
  ``caveat`` metadata, and what a learner must know is said once, plainly;
* a local-fact marker names an unknown id, is not closed, or was not stamped (:mod:`egov_course.localfacts`);
* the agenda (``content/agenda.yaml``, :mod:`egov_course.agenda`) does not load, or a lesson's JP disagrees with it.

It warns, without failing, about local facts still empty (the repository ships them empty; the organiser fills
them in before the Bimtek) and about lessons whose section minutes or discussion labels were not stamped yet.

Lessons name their facts per markdown cell: ``cell.metadata["egov_course"] = {"facts": [...],
"history": [...], "caveat": [...]}``; ``facts`` are V1/V2 facts in force the cell teaches, ``history``
superseded facts it tells as dated history, ``caveat`` UNVERIFIED facts it mentions as not yet certain.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .content import _read_yaml, data_path, fact_problem, load_legal_facts, reference_date
from .content.legal import VERIFIED, LegalFact, ReferenceDate
from .coursedir import lesson_paths

# A dated history passage says so in words; a bare "dulu" is not enough.
HISTORY_MARKER = re.compile(r"[Ss]ebelum (2 Januari 2026|2 Januari 2024|2026|2024|UU 1/2024|KUHP baru)|"
                            r"[Ss]ampai (dengan )?2 Januari 2026|[Ss]ejak 2 Januari 2026|dicabut|tidak berlaku lagi|"
                            r"sudah berakhir|berakhir pada 2 Januari 2026|[Dd]ahulu|\bDulu\b|[Rr]iwayat|"
                            r"(sudah|lama) tidak berlaku|sampai 1 Januari 2026|[Mm]encabut|hanya berlaku sampai")
_ITE = re.compile(r"UU ITE|UU 11/2008|UU 19/2016|UU 1/2024")
_KIP = re.compile(r"UU KIP|UU 14/2008|[Kk]eterbukaan [Ii]nformasi")
_PDP = re.compile(r"UU PDP|UU 27/2022|[Pp]elindungan [Dd]ata")
# Revoked UU ITE provisions (KUHP Pasal 622(1)(r); UU 1/2024 Pasal II) and penalties that changed on 2 Jan 2026.
REVOKED_ITE = re.compile(r"Pasal 27A|Pasal 27 ayat \((1|3)\)|Pasal 28 ayat \((2|3)\)|Pasal (30|36|46|47)\b(?! KUHP)|"
                         r"Pasal 31 ayat \((1|2)\)|Pasal 45 ayat \((1|2|3|4|5|6|7)\)|Pasal 45A ayat \((2|3)\)|"
                         r"Pasal 51 ayat \(2\)|MK 10?5/PUU|MK 115/PUU")
OLD_ITE_PENALTY = re.compile(r"Rp ?(750|400|600|700|800) ?juta|Rp ?(1|3|10|12) ?miliar")  # Rp2/5 M are kategori VI/VII
OLD_KIP_PENALTY = re.compile(r"Rp ?(5|20) ?juta|Rp ?5\.000\.000|pidana kurungan")  # Rp10 juta is kategori II now
OLD_PDP_PENALTY = re.compile(r"Rp ?[456] ?miliar")


@dataclass(frozen=True)
class Citation:
    place: str  # "course/02_uu_ite.ipynb, sel 7 (## 4. ...)", "kuis_02_ite/k2_...", "ite_kasus/kasus[3]"
    fact_id: str
    role: str  # "kunci" (quiz key), "jawaban" (exercise), "materi" (lesson), "riwayat" (history),
    #            "keterangan" (an UNVERIFIED fact an exercise shows with its caveat, never as an answer),
    #            "catatan" (an UNVERIFIED fact a lesson mentions with its caveat)
    fact: LegalFact | None
    problem: str | None


@dataclass(frozen=True)
class TextUnit:
    place: str
    text: str
    topic: str  # "ite", "kip", "pdp" or "" (decided per unit from its words)
    history: bool = False  # the unit is a history passage by its role (an exercise's `berubah`)


def _cite(place: str, fact_id: str, role: str, register: dict[str, LegalFact], ref: ReferenceDate) -> Citation:
    fact = register.get(fact_id)
    if fact is None:
        return Citation(place, fact_id, role, None, f"id fakta {fact_id!r} tidak ada di legal_facts.yaml")
    if role == "catatan":  # an UNVERIFIED fact mentioned with its caveat: it must still hold
        problem = None if fact.in_force(ref.date) else fact_problem(fact, ref.date)
        return Citation(place, fact_id, role, fact, problem)
    if role == "riwayat":
        problem = None if not fact.in_force(ref.date) else (f"fakta {fact_id!r} masih berlaku per {ref.text}: pindahkan "
                                                            "ke 'facts', bukan 'history'")
        return Citation(place, fact_id, role, fact, problem)
    return Citation(place, fact_id, role, fact, fact_problem(fact, ref.date))


def _heading(source: str) -> str:
    for line in source.splitlines():
        if line.startswith("#"):
            return line.strip()[:60]
    return ""


def lesson_citations(root: Path, register, ref) -> tuple[list[Citation], list[str]]:
    citations, problems = [], []
    for path in lesson_paths(root):
        nb = nbformat.read(path, as_version=4)
        name = f"course/{path.name}"
        first = nb.cells[0].source if nb.cells else ""
        if ref.line not in first:
            problems.append(f"{name}: sel pertama tidak memuat kalimat tanggal acuan \"{ref.line}\" "
                            "(jalankan `egov-course content stamp`)")
        current = ""
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            current = _heading(cell.source) or current
            place = f"{name}, sel {index} ({current})" if current else f"{name}, sel {index}"
            meta = cell.metadata.get("egov_course", {})
            facts, history = list(meta.get("facts") or []), list(meta.get("history") or [])
            for fact_id in facts:
                citations.append(_cite(place, fact_id, "materi", register, ref))
            for fact_id in history:
                citations.append(_cite(place, fact_id, "riwayat", register, ref))
            for fact_id in meta.get("caveat") or []:
                citations.append(_cite(place, fact_id, "catatan", register, ref))
            if history and not HISTORY_MARKER.search(" ".join(cell.source.split())):
                problems.append(f"{place}: menceritakan fakta yang sudah diganti ({', '.join(history)}) tanpa "
                                "menyebut waktunya, misalnya \"Sebelum 2 Januari 2026, ...\"")
            exempt = cell.source.lstrip().startswith(("## Sumber hukum", "## Kuis", "## Tujuan pembelajaran", "## Rangkuman"))
            if not facts and not history and not exempt and re.search(r"Pasal \d", cell.source):
                problems.append(f"{place}: menyebut Pasal tetapi tidak mencantumkan id fakta "
                                "(metadata sel egov_course.facts)")
    return citations, problems


def assignment_citations(root: Path, register, ref) -> tuple[list[Citation], list[str]]:
    from .quizbank import quizbank_dir, source_path

    path = quizbank_dir(root) / "blueprint.csv"
    citations, problems = [], []
    with path.open(encoding="utf-8-sig") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            place = f"{row['assignment']}/{row['grade_id']} (blueprint.csv baris {line})"
            for fact_id in (f.strip() for f in (row.get("facts") or "").split(";") if f.strip()):
                citations.append(_cite(place, fact_id, "kunci", register, ref))
    for assignment in dict.fromkeys(c.place.split("/", 1)[0] for c in citations):
        nb_path = source_path(root, assignment)
        if nb_path.exists():
            nb = nbformat.read(nb_path, as_version=4)
            if not nb.cells or ref.line not in nb.cells[0].source:
                problems.append(f"source/{assignment}: petunjuk kuis tidak memuat tanggal acuan (jalankan "
                                "`egov-course quiz build` lalu `make release`)")
    return citations, problems


def _walk(node, where: str) -> Iterator[tuple[str, str, object]]:
    """(where, key, value) of every mapping entry in a YAML document."""
    if isinstance(node, dict):
        label = f"{where} ({node['id']})" if isinstance(node.get("id"), str) else where
        for key, value in node.items():
            yield label, str(key), value
            yield from _walk(value, f"{label}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node, start=1):
            yield from _walk(value, f"{where}[{i}]")


def exercise_files() -> list[Path]:
    return sorted(data_path("exercises").glob("*.yaml"))


def exercise_citations(register, ref) -> list[Citation]:
    """Every fact an exercise content file names. An UNVERIFIED fact an exercise shows with its caveat (the
    SPBE weights) is a "keterangan": the exercise's own loader (see :func:`exercise_load_problems`) is what
    refuses an answer resting on one. A fact out of force is a problem anywhere but under ``history``."""
    citations = []
    for path in exercise_files():
        data = _read_yaml(path)
        for where, key, value in _walk(data, path.stem):
            ids = [value] if isinstance(value, str) else value if isinstance(value, list) else []
            if key in ("facts", "fact") and all(isinstance(i, str) for i in ids):
                for fact_id in ids:
                    fact = register.get(fact_id)
                    if fact is not None and fact.status not in VERIFIED and fact.in_force(ref.date):
                        citations.append(Citation(where, fact_id, "keterangan", fact, None))
                    else:
                        citations.append(_cite(where, fact_id, "jawaban", register, ref))
            elif key == "history" and all(isinstance(i, str) for i in ids):
                citations += [_cite(where, i, "riwayat", register, ref) for i in ids]
    return citations


def exercise_load_problems() -> list[str]:
    """Each exercise's own loader over its shipped content: it refuses answers on facts not usable as keys."""
    import importlib
    import pkgutil

    from . import exercises
    from .errors import ContentError

    problems = []
    for info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"{exercises.__name__}.{info.name}")
        loader = getattr(module, "load", None)
        if callable(loader):
            try:
                loader()
            except ContentError as exc:
                problems.append(f"latihan {info.name}: {exc}")
    return problems


# ---------------------------------------------------------------------------------------------
# The text search for superseded law in learner text
# ---------------------------------------------------------------------------------------------
def _topic_of_file(name: str) -> str:
    for topic, keys in (("ite", ("02_uu_ite", "kuis_02_ite", "ite_kasus", "tanda_tangan")),
                        ("kip", ("03_keterbukaan", "kuis_03_kip", "kip_")),
                        ("pdp", ("04_pelindungan", "kuis_04_pdp", "pdp_"))):
        if any(k in name for k in keys):
            return topic
    return ""


def _markdown_units(text: str) -> Iterator[str]:
    """Paragraphs of a markdown text; a table row comes with its header row, so a history column counts."""
    for block in re.split(r"\n\s*\n", text):
        lines = block.splitlines()
        if lines and all(line.lstrip().startswith("|") for line in lines) and len(lines) > 2:
            for row in lines[2:]:
                yield f"{lines[0]}\n{row}"
        else:
            yield block


def learner_text_units(root: Path) -> list[TextUnit]:
    """Every passage a learner (or a grader) reads: lesson markdown, quiz items with their rubrics, exercise texts."""
    units = []
    for path in lesson_paths(root):
        nb = nbformat.read(path, as_version=4)
        topic = _topic_of_file(path.stem)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type == "markdown":
                units += [TextUnit(f"course/{path.name}, sel {index}", u, topic) for u in _markdown_units(cell.source)]
    for path in sorted((Path(root) / "quizbank").glob("*.yaml")):
        data = _read_yaml(path)
        topic = _topic_of_file(path.stem)
        for where, key, value in _walk(data, path.stem):
            if where.endswith(".options"):
                continue  # choices are read with their question, below
            if isinstance(value, str) and key not in ("id", "key", "assignment"):
                units += [TextUnit(f"quizbank/{path.name}: {where}.{key}", u, topic) for u in _markdown_units(value)]
            elif key in ("pairs", "rubric") and isinstance(value, (dict, list)):
                values = value.values() if isinstance(value, dict) else value
                units += [TextUnit(f"quizbank/{path.name}: {where}.{key}", str(v), topic) for v in values]
        for i, item in enumerate(data.get("items") or [], start=1):  # a choice read with the question it answers
            if isinstance(item, dict) and isinstance(item.get("options"), dict) and isinstance(item.get("question"), str):
                for letter, option in item["options"].items():
                    units.append(TextUnit(f"quizbank/{path.name}: items[{i}] ({item.get('id')}).options.{letter}",
                                          f"{item['question']}\n\n{option}", topic))
    for path in exercise_files():
        units += _exercise_units(_read_yaml(path), path.stem, _topic_of_file(path.stem))
    return units


def _exercise_units(node, where: str, topic: str) -> list[TextUnit]:
    """An exercise's texts; an option's text comes with its explanation, which says why a wrong option is wrong
    (e.g. that the article it names was revoked)."""
    units = []
    if isinstance(node, dict):
        label = f"{where} ({node['id']})" if isinstance(node.get("id"), str) else where
        paired = isinstance(node.get("text"), str) and isinstance(node.get("explanation"), str)
        if paired:
            units.append(TextUnit(f"{label}.text", f"{node['text']}\n\n{node['explanation']}", topic))
        for key, value in node.items():
            if paired and key in ("text", "explanation"):
                continue
            if isinstance(value, str) and key not in ("id", "answer", "fact", "code"):
                units.append(TextUnit(f"{label}.{key}", value, topic, history=key == "berubah"))
            else:
                units += _exercise_units(value, f"{label}.{key}", topic)
    elif isinstance(node, list):
        for i, value in enumerate(node, start=1):
            units += _exercise_units(value, f"{where}[{i}]", topic)
    return units


def scan_superseded(units: list[TextUnit]) -> list[str]:
    """Passages that present a revoked ITE article or an old KIP/ITE/PDP penalty without a dated history marker."""
    problems = []
    for unit in units:
        text = " ".join(unit.text.split())
        if unit.history or HISTORY_MARKER.search(text):
            continue
        topics = {unit.topic} if unit.topic else set()
        topics |= {t for t, pattern in (("ite", _ITE), ("kip", _KIP), ("pdp", _PDP)) if pattern.search(text)}
        found = []
        if "ite" in topics:
            found += [m.group(0) for m in REVOKED_ITE.finditer(text)] + [m.group(0) for m in OLD_ITE_PENALTY.finditer(text)]
        if "kip" in topics:
            found += [m.group(0) for m in OLD_KIP_PENALTY.finditer(text)]
        if "pdp" in topics:
            found += [m.group(0) for m in OLD_PDP_PENALTY.finditer(text)]
        if found:
            problems.append(f"{unit.place}: {', '.join(dict.fromkeys(found))} tanpa penanda riwayat "
                            f"(\"Sebelum 2 Januari 2026, ...\"): \"{text[:110]}…\"")
    return problems


# Research notes that must not reach learners (lesson markdown). Lower case; matched case-insensitively.
HEDGES = ("belum terverifikasi", "sumber sekunder", "tidak kami baca", "tidak ada perubahan yang diketahui")


def scan_hedges(root: Path) -> list[str]:
    """Learner text (lesson markdown cells, quiz items, exercise texts) that carries a research note for the
    course team instead of text for learners."""
    problems = []
    for unit in learner_text_units(root):
        if unit.place.startswith("course/"):
            continue  # lessons are reported per cell, below
        found = [h for h in HEDGES if h in " ".join(unit.text.split()).lower()]
        if found:
            problems.append(f"{unit.place}: catatan riset di teks peserta ({', '.join(repr(h) for h in found)}); "
                            "katakan dengan netral apa yang perlu peserta ketahui")
    for path in lesson_paths(root):
        nb = nbformat.read(path, as_version=4)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            text = " ".join(cell.source.split()).lower()
            found = [h for h in HEDGES if h in text]
            if found:
                problems.append(f"course/{path.name}, sel {index}: catatan riset di teks peserta "
                                f"({', '.join(repr(h) for h in found)}); pindahkan statusnya ke metadata caveat, "
                                "dan bila peserta perlu tahu, katakan sekali dengan netral")
    return problems


def agenda_findings(root: Path) -> tuple[list[str], list[str]]:
    """(problems, warnings) of the agenda against the lessons: a JP that differs is a problem; section minutes or
    discussion labels not stamped yet are a warning."""
    import shutil
    import tempfile

    from . import agenda as agenda_module
    from .errors import ContentError

    try:
        plan = agenda_module.load(root)
    except ContentError as exc:
        return [str(exc)], []
    problems, warnings = [], []
    for stem, lesson in plan.lessons.items():
        nb = nbformat.read(Path(root) / "course" / f"{stem}.ipynb", as_version=4)
        meta_jp = nb.metadata.get("egov_course", {}).get("jp")
        line = re.search(r"\*\*Perkiraan waktu:\*\* (\d+) JP", nb.cells[0].source if nb.cells else "")
        if meta_jp != lesson.jp or not line or int(line.group(1)) != lesson.jp:
            problems.append(f"course/{stem}.ipynb: JP di metadata ({meta_jp}) atau baris \"Perkiraan waktu\" "
                            f"({line.group(1) if line else 'tidak ada'}) tidak sama dengan agenda ({lesson.jp} JP, "
                            f"{lesson.minutes} menit); jalankan `egov-course content stamp`")
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copytree(Path(root) / "course", Path(tmp) / "course")
        for path in agenda_module.stamp(Path(tmp), plan):
            warnings.append(f"course/{path.name}: menit per bagian atau label diskusi berpasangan belum sesuai agenda "
                            f"(jalankan `egov-course content stamp --lesson {path.name[:2]}`)")
    return problems, warnings


@dataclass
class Checklist:
    reference: ReferenceDate
    citations: dict[str, list[Citation]]  # "Materi", "Kuis", "Latihan" -> citations
    problems: list[str]
    warnings: list[str] = field(default_factory=list)  # unfilled local facts, unstamped agenda details
    unfilled: list[str] = field(default_factory=list)  # the unfilled local facts, one line each

    @property
    def ok(self) -> bool:
        return not self.problems

    def markdown(self) -> str:
        lines = [f"# Daftar periksa konten: peraturan yang berlaku per {self.reference.text}", ""]
        for title, citations in self.citations.items():
            lines += [f"## {title}", "", "| tempat | fakta | peran | dasar | status | berlaku | masalah |",
                      "|---|---|---|---|---|---|---|"]
            for c in citations:
                basis = f"{c.fact.regulation} {c.fact.pasal}" if c.fact else "?"
                status = c.fact.status if c.fact else "?"
                period = c.fact.period if c.fact else "?"
                lines.append(f"| {c.place} | `{c.fact_id}` | {c.role} | {basis} | {status} | {period} | "
                             f"{c.problem or 'ok'} |")
            lines.append("")
        lines += ["## Fakta lokal yang belum diisi (peringatan)", "",
                  "Diisi panitia di `src/egov_course/content/fakta_lokal.yaml`, lalu `egov-course content stamp`.", ""]
        lines += [f"- {w}" for w in self.unfilled] or ["Tidak ada: semua fakta lokal sudah diisi."]
        other = [w for w in self.warnings if w not in self.unfilled]
        if other:
            lines += ["", "## Peringatan lain", ""] + [f"- {w}" for w in other]
        lines += ["", "## Masalah", ""] + ([f"- {p}" for p in self.problems] or ["Tidak ada."])
        return "\n".join(lines) + "\n"


def check(root: Path, local_facts: Path | None = None) -> Checklist:
    from . import localfacts
    from .errors import ContentError

    register, ref = load_legal_facts(), reference_date()
    lessons, problems = lesson_citations(root, register, ref)
    quizzes, quiz_problems = assignment_citations(root, register, ref)
    exercises = exercise_citations(register, ref)
    problems += quiz_problems + exercise_load_problems()
    for citation in (*lessons, *quizzes, *exercises):
        if citation.problem:
            problems.append(f"{citation.place}: {citation.problem}")
    problems += scan_superseded(learner_text_units(root))
    problems += scan_hedges(root)
    unfilled: list[str] = []
    try:
        local = localfacts.scan(root, path=local_facts)
        problems += local.problems
        unfilled = local.warnings()
    except ContentError as exc:
        problems.append(str(exc))
    agenda_problems, agenda_warnings = agenda_findings(root)
    problems += agenda_problems
    return Checklist(ref, {"Materi (course/)": lessons, "Kuis (quizbank/blueprint.csv)": quizzes,
                           "Latihan (content/exercises/)": exercises}, problems, unfilled + agenda_warnings, unfilled)


def _selected(path: Path, lessons: list[str] | None) -> bool:
    return lessons is None or any(path.stem == s or path.stem.startswith(f"{s}_") for s in lessons)


def stamp_lessons(root: Path, lessons: list[str] | None = None, local_facts: Path | None = None) -> list[Path]:
    """Stamp every lesson (or only ``lessons``, by stem or number prefix such as "03"): the reference-date line in
    the first cell (replacing an older one), the local facts' values between their markers
    (:func:`egov_course.localfacts.stamp`), and the agenda's JP, "Perkiraan waktu" line, section minutes and
    discussion labels (:func:`egov_course.agenda.stamp`). Returns the lessons that changed; idempotent."""
    from . import agenda, localfacts

    ref = reference_date()
    changed = []
    pattern = re.compile(r"\n*_?Materi ini disusun sesuai peraturan yang berlaku per [^._]*\._?\n*$")
    for path in lesson_paths(root):
        if not _selected(path, lessons):
            continue
        nb = nbformat.read(path, as_version=4)
        cell = nb.cells[0]
        source = pattern.sub("", cell.source).rstrip()
        new = f"{source}\n\n_{ref.line}_"
        if new != cell.source:
            cell.source = new
            nbformat.write(nb, path)
            changed.append(path)
    changed += localfacts.stamp(root, localfacts.load(local_facts), lessons)
    changed += agenda.stamp(root, agenda.load(root), lessons)
    return sorted(set(changed))
