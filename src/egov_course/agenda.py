"""The trainer's agenda (``content/agenda.yaml``): minutes per lesson section, the pair discussions, the quizzes'
minutes, and the 3-day plan with its 2-day variant.

:func:`load` validates it against the lessons (every ``## `` section of a lesson except "Sumber hukum" and
"Kuis" has minutes, in the lesson's order; a discussion names a reflection cell by id) and reads each quiz's
minutes from ``quizbank/<id>.yaml``. JP: ``1 JP = 45 menit``; a lesson's JP is its minutes (sections plus
10 minutes per pair discussion) divided by 45, rounded half up to a whole JP, and a plan's JP is its counted
minutes divided by 45, shown to one decimal. :func:`stamp` writes the lesson's JP into its metadata and its
"**Perkiraan waktu:**" line, the minutes under each section heading, and the discussion label on the chosen
reflection questions. :func:`trainer_guide` renders ``docs/panduan_pelatih.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat

from .content import _read_yaml, data_path
from .errors import ContentError, Problem

JP_MINUTES = 45
DISCUSSION_MINUTES = 10
UNTIMED = ("Sumber hukum", "Kuis")  # headings without minutes: a list of sources, and the quiz's own time
REFLECTION = re.compile(r"\*\*Pertanyaan refleksi(?: · Diskusi berpasangan \(10 menit\))?:\*\*")
DISCUSSION_LABEL = "**Pertanyaan refleksi · Diskusi berpasangan (10 menit):**"
PLAIN_LABEL = "**Pertanyaan refleksi:**"
MINUTES_LINE = re.compile(r"\n\n_\(± \d+ menit[^)\n]*\)_(?=\n|$)")
TIME_LINE = re.compile(r"^\*\*Perkiraan waktu:\*\*.*$", re.M)
_KEYS = {"kegiatan", "materi", "kuis", "rencana"}


def jp(minutes: int) -> int:
    """Whole JP of a lesson: minutes / 45, rounded half up (at least 1)."""
    return max(1, int((Decimal(minutes) / JP_MINUTES).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def jp_text(minutes: int) -> str:
    """JP of a plan or a day, to one decimal with a decimal comma ("22,8")."""
    return f"{minutes / JP_MINUTES:.1f}".replace(".", ",")


@dataclass(frozen=True)
class Section:
    heading: str  # the text after "## "
    minutes: int
    cell: int  # index of the cell holding the heading


@dataclass(frozen=True)
class Discussion:
    cell_id: str
    section: str  # heading of the section the reflection cell belongs to
    about: str


@dataclass(frozen=True)
class Lesson:
    stem: str
    title: str
    quiz: str | None
    sections: tuple[Section, ...]
    discussions: tuple[Discussion, ...]

    @property
    def minutes(self) -> int:
        return sum(s.minutes for s in self.sections) + DISCUSSION_MINUTES * len(self.discussions)

    @property
    def jp(self) -> int:
        return jp(self.minutes)

    def minutes_in(self, skipped: set[str] = frozenset(), discussions: int | None = None) -> int:
        kept = [d for d in self.discussions if d.section not in skipped][:discussions]
        return sum(s.minutes for s in self.sections if s.heading not in skipped) + DISCUSSION_MINUTES * len(kept)


@dataclass(frozen=True)
class Activity:
    id: str
    label: str
    minutes: int
    counted: bool  # counts as learning time (JP); breaks do not


@dataclass(frozen=True)
class Block:
    start: str
    end: str
    id: str
    label: str
    minutes: int
    counted: bool
    note: str = ""


@dataclass(frozen=True)
class Plan:
    id: str
    title: str
    note: str
    days: tuple[tuple[Block, ...], ...]
    enrichment: tuple[tuple[str, str], ...]  # (lesson, section) made pengayaan
    discussions: int

    @property
    def minutes(self) -> int:
        return sum(b.minutes for day in self.days for b in day if b.counted)


@dataclass(frozen=True)
class Agenda:
    path: Path
    lessons: dict[str, Lesson]
    quizzes: dict[str, int]  # quiz id -> minutes (from quizbank/<id>.yaml)
    activities: dict[str, Activity]
    plans: dict[str, Plan]

    @property
    def lesson_minutes(self) -> int:
        return sum(lesson.minutes for lesson in self.lessons.values())

    @property
    def quiz_minutes(self) -> int:
        return sum(self.quizzes.values())


def default_path() -> Path:
    return data_path("agenda.yaml")


def _headings(nb) -> list[tuple[int, str]]:
    found = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("## "):
                    found.append((index, line[3:].strip()))
    return found


def _section_of(headings: list[tuple[int, str]], index: int) -> str:
    current = ""
    for cell, heading in headings:
        if cell <= index:
            current = heading
    return current


def _positive_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}.{minutes % 60:02d}"


def load(root: Path, path: str | Path | None = None) -> Agenda:
    """The agenda checked against the lessons in ``root/course`` and the quizzes in ``root/quizbank``; a ContentError
    names the file and the entry of every problem."""
    path = Path(path) if path is not None else default_path()
    data = _read_yaml(path)
    problems: list[Problem] = []

    def bad(where: str, message: str) -> None:
        problems.append(Problem(None, where, message))

    if not isinstance(data, dict):
        raise ContentError(path, [Problem(None, None, "harus berupa pemetaan dengan kegiatan, materi, kuis, rencana")])
    for key in sorted(set(data) - _KEYS):
        bad(key, f"kunci tidak dikenal (yang boleh: {', '.join(sorted(_KEYS))})")
    activities: dict[str, Activity] = {}
    for i, entry in enumerate(data.get("kegiatan") or [], start=1):
        where = f"kegiatan[{i}]" + (f" ({entry.get('id')})" if isinstance(entry, dict) else "")
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not isinstance(entry.get("label"), str):
            bad(where, "perlu id, label, minutes, jp")
        elif not _positive_int(entry.get("minutes")) or not isinstance(entry.get("jp"), bool):
            bad(where, "minutes harus bilangan bulat positif dan jp true/false")
        elif entry["id"] in activities:
            bad(where, "id ganda")
        else:
            activities[entry["id"]] = Activity(entry["id"], entry["label"], entry["minutes"], entry["jp"])

    lessons: dict[str, Lesson] = {}
    for i, entry in enumerate(data.get("materi") or [], start=1):
        stem = entry.get("lesson") if isinstance(entry, dict) else None
        where = f"materi[{i}] ({stem})"
        nb_path = Path(root) / "course" / f"{stem}.ipynb"
        if not isinstance(stem, str) or not nb_path.exists():
            bad(where, f"materi {stem!r} tidak ada di course/")
            continue
        nb = nbformat.read(nb_path, as_version=4)
        headings = _headings(nb)
        timed = [(cell, h) for cell, h in headings if h not in UNTIMED]
        given = entry.get("sections") or []
        names = [s.get("heading") if isinstance(s, dict) else None for s in given]
        if names != [h for _, h in timed]:
            bad(where, "sections harus sama dengan judul ## materi (tanpa Sumber hukum dan Kuis), berurutan; "
                       f"di materi: {[h for _, h in timed]}, di agenda: {names}")
            continue
        sections = []
        for (cell, heading), s in zip(timed, given, strict=True):
            if not _positive_int(s.get("minutes")):
                bad(f"{where}, bagian {heading!r}", "minutes harus bilangan bulat positif")
            sections.append(Section(heading, s.get("minutes") or 0, cell))
        discussions = []
        ids = {c.get("id"): n for n, c in enumerate(nb.cells)}
        chosen = entry.get("diskusi") or []
        if len(chosen) > 2:
            bad(where, "paling banyak dua pertanyaan refleksi untuk diskusi berpasangan")
        for d in chosen:
            cell_id = d.get("cell") if isinstance(d, dict) else None
            index = ids.get(cell_id)
            if index is None:
                bad(f"{where}, diskusi {cell_id!r}", "tidak ada sel dengan id ini di materi")
                continue
            if len(REFLECTION.findall(nb.cells[index].source)) != 1:
                bad(f"{where}, diskusi {cell_id!r}", "sel ini harus memuat tepat satu **Pertanyaan refleksi:**")
                continue
            discussions.append(Discussion(cell_id, _section_of(headings, index), str(d.get("tentang") or "")))
        meta = nb.metadata.get("egov_course", {})
        lessons[stem] = Lesson(stem, str(meta.get("title") or stem), meta.get("quiz"), tuple(sections),
                               tuple(discussions))

    quizzes: dict[str, int] = {}
    for i, quiz in enumerate(data.get("kuis") or [], start=1):
        quiz_path = Path(root) / "quizbank" / f"{quiz}.yaml"
        if not isinstance(quiz, str) or not quiz_path.exists():
            bad(f"kuis[{i}] ({quiz})", f"tidak ada quizbank/{quiz}.yaml")
            continue
        minutes = (_read_yaml(quiz_path) or {}).get("minutes", 30)
        quizzes[quiz] = int(minutes)

    plans: dict[str, Plan] = {}
    known = set(activities) | set(lessons) | set(quizzes)
    for i, entry in enumerate(data.get("rencana") or [], start=1):
        plan_id = entry.get("id") if isinstance(entry, dict) else None
        where = f"rencana[{i}] ({plan_id})"
        if not isinstance(plan_id, str) or not isinstance(entry.get("days"), list):
            bad(where, "perlu id, title, start, days")
            continue
        skipped: dict[str, set[str]] = {}
        for p in entry.get("pengayaan") or []:
            lesson = lessons.get(p.get("lesson")) if isinstance(p, dict) else None
            if lesson is None or p.get("section") not in {s.heading for s in lesson.sections}:
                bad(f"{where}, pengayaan", f"{p!r}: materi atau bagian tidak dikenal")
                continue
            skipped.setdefault(lesson.stem, set()).add(p["section"])
        per_lesson = entry.get("diskusi_per_modul", 2)
        start = re.fullmatch(r"(\d\d)\.(\d\d)", str(entry.get("start", "08.00")))
        if not start:
            bad(where, "start harus berbentuk JJ.MM, misalnya 08.00")
            continue
        days, seen = [], []
        for d, items in enumerate(entry["days"], start=1):
            clock = int(start.group(1)) * 60 + int(start.group(2))
            blocks = []
            for item in items or []:
                if item not in known:
                    bad(f"{where}, hari {d}", f"{item!r} bukan kegiatan, materi, atau kuis di agenda")
                    continue
                if item in lessons:
                    lesson = lessons[item]
                    minutes = lesson.minutes_in(skipped.get(item, set()), per_lesson)
                    label = f"Modul {item[:2]}: {lesson.title}"
                    note = "; ".join(f"pengayaan: {s}" for s in sorted(skipped.get(item, set())))
                    counted = True
                    seen.append(item)
                elif item in quizzes:
                    minutes, label, note, counted = quizzes[item], f"Kuis `{item}`", "", True
                    seen.append(item)
                else:
                    a = activities[item]
                    minutes, label, note, counted = a.minutes, a.label, "", a.counted
                blocks.append(Block(_hhmm(clock), _hhmm(clock + minutes), item, label, minutes, counted, note))
                clock += minutes
            days.append(tuple(blocks))
        missing = [x for x in (*lessons, *quizzes) if x not in seen]
        if missing or len(seen) != len(set(seen)):
            bad(where, f"setiap materi dan kuis tepat sekali; kurang: {missing}")
        plans[plan_id] = Plan(plan_id, str(entry.get("title") or plan_id), str(entry.get("catatan") or "").strip(),
                              tuple(days), tuple((lesson, s) for lesson, ss in skipped.items() for s in sorted(ss)),
                              per_lesson)
    if problems:
        raise ContentError(path, problems)
    return Agenda(path, lessons, quizzes, activities, plans)


# ---------------------------------------------------------------------------------------------
# Writing the agenda into the lessons
# ---------------------------------------------------------------------------------------------
def time_line(lesson: Lesson, quiz_minutes: int | None) -> str:
    n = len(lesson.discussions)
    parts = [f"**Perkiraan waktu:** {lesson.jp} JP ({lesson.minutes} menit"]
    parts.append(f", termasuk {n} diskusi berpasangan @ {DISCUSSION_MINUTES} menit)" if n else ")")
    if lesson.quiz and quiz_minutes:
        parts.append(f"; kuis `{lesson.quiz}` sekitar {quiz_minutes} menit, di luar waktu ini")
    parts.append(". 1 JP = 45 menit.")
    return "".join(parts)


def _minutes_note(lesson: Lesson, section: Section) -> str:
    talks = sum(1 for d in lesson.discussions if d.section == section.heading)
    total = section.minutes + DISCUSSION_MINUTES * talks
    extra = f", termasuk diskusi berpasangan {DISCUSSION_MINUTES * talks} menit" if talks else ""
    return f"_(± {total} menit{extra})_"


def stamp(root: Path, agenda: Agenda, lessons: list[str] | None = None) -> list[Path]:
    """Write JP, the "Perkiraan waktu" line, the minutes under each section heading and the discussion labels into
    the lessons of the agenda (or only ``lessons``, by stem or number prefix); returns those that changed."""
    changed = []
    for stem, lesson in agenda.lessons.items():
        if lessons is not None and not any(stem == s or stem.startswith(f"{s}_") for s in lessons):
            continue
        path = Path(root) / "course" / f"{stem}.ipynb"
        nb = nbformat.read(path, as_version=4)
        before = nbformat.writes(nb)
        nb.metadata.setdefault("egov_course", {})["jp"] = lesson.jp
        first = nb.cells[0]
        line = time_line(lesson, agenda.quizzes.get(lesson.quiz or ""))
        first.source = TIME_LINE.sub(line, first.source) if TIME_LINE.search(first.source) else first.source
        by_cell = {s.cell: s for s in lesson.sections}
        chosen = {d.cell_id for d in lesson.discussions}
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "markdown":
                continue
            source = cell.source
            if index in by_cell:
                section = by_cell[index]
                head = f"## {section.heading}"
                at = source.find(head)
                end = at + len(head)
                rest = MINUTES_LINE.sub("", source[end:], count=1) if MINUTES_LINE.match(source[end:]) else source[end:]
                source = f"{source[:end]}\n\n{_minutes_note(lesson, section)}{rest}"
            label = DISCUSSION_LABEL if cell.get("id") in chosen else PLAIN_LABEL
            source = REFLECTION.sub(label.replace("\\", "\\\\"), source)
            cell.source = source
        if nbformat.writes(nb) != before:
            nbformat.write(nb, path)
            changed.append(path)
    return changed


def stamp_problems(root: Path, agenda: Agenda, lessons: list[str] | None = None) -> list[str]:
    """What a stamp would still change in the lessons (JP, time line, minutes, labels), as check problems."""
    import shutil
    import tempfile

    problems = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp)
        shutil.copytree(Path(root) / "course", copy / "course")
        for path in stamp(copy, agenda, lessons):
            problems.append(f"course/{path.name}: JP, \"Perkiraan waktu\", menit per bagian atau label diskusi tidak "
                            "sama dengan content/agenda.yaml (jalankan `egov-course content stamp`)")
    return problems


# ---------------------------------------------------------------------------------------------
# The trainer's guide
# ---------------------------------------------------------------------------------------------
def _plan_table(plan: Plan) -> list[str]:
    lines = []
    for number, day in enumerate(plan.days, start=1):
        counted = sum(b.minutes for b in day if b.counted)
        lines += [f"#### Hari {number} ({counted} menit, {jp_text(counted)} JP)", "",
                  "| Hari | Waktu | Materi / kuis / kegiatan | Menit | JP |", "|---|---|---|---|---|"]
        for b in day:
            label = f"{b.label} ({b.note})" if b.note else b.label
            lines.append(f"| {number} | {b.start}–{b.end} | {label} | {b.minutes} | "
                         f"{jp_text(b.minutes) if b.counted else '–'} |")
        lines.append("")
    lines += [f"**Jumlah:** {plan.minutes} menit = **{jp_text(plan.minutes)} JP** (tanpa istirahat).", ""]
    return lines


def trainer_guide(agenda: Agenda) -> str:
    """``docs/panduan_pelatih.md``, generated from the agenda (tests compare the committed file with it)."""
    L = ["<!-- Berkas ini dibuat dari src/egov_course/content/agenda.yaml oleh egov_course.agenda.trainer_guide();",
         "     jangan diedit langsung: ubah agenda.yaml lalu jalankan `egov-course content stamp`. -->",
         "# Panduan pelatih: Bimtek SPBE untuk ASN Pemerintah Kota Dumai", "",
         "Panduan ini untuk pelatih dan panitia (Diskominfotiksan). 1 JP = 45 menit. Waktu di bawah adalah waktu "
         "belajar bersama pelatih, termasuk diskusi berpasangan; istirahat tidak dihitung sebagai JP.", "",
         "## Ringkasan waktu", "",
         "| Modul | Menit | JP | Diskusi berpasangan | Kuis sesudahnya | Menit kuis |", "|---|---|---|---|---|---|"]
    for lesson in agenda.lessons.values():
        L.append(f"| Modul {lesson.stem[:2]}: {lesson.title} | {lesson.minutes} | {lesson.jp} | {len(lesson.discussions)} | "
                 f"`{lesson.quiz}` | {agenda.quizzes.get(lesson.quiz or '', '–')} |")
    lessons_jp = sum(lesson.jp for lesson in agenda.lessons.values())
    L += ["", f"Materi: {lessons_jp} JP ({agenda.lesson_minutes} menit). Semua kuis, termasuk pretest dan posttest: "
              f"{agenda.quiz_minutes} menit ({jp_text(agenda.quiz_minutes)} JP).", "",
          "Perkiraan waktu ini juga tertulis di awal setiap modul (\"Perkiraan waktu\") dan di bawah setiap judul bagian.",
          "JP sebuah modul = jumlah menit bagiannya ditambah 10 menit per diskusi berpasangan, dibagi 45, "
          "dibulatkan ke JP utuh terdekat (setengah ke atas).", ""]
    for plan in agenda.plans.values():
        L += [f"## {plan.title}", ""]
        if plan.note:
            L += [plan.note, ""]
        L += _plan_table(plan)
        if plan.enrichment:
            L += ["Bagian yang menjadi *pengayaan* (dibaca atau dikerjakan peserta sendiri sesudah pelatihan):", ""]
            L += [f"- Modul {lesson[:2]}: {section}" for lesson, section in plan.enrichment] + [""]
    L += ["## Diskusi berpasangan", "",
          "Setiap modul punya beberapa **Pertanyaan refleksi**. Dua di antaranya ditandai "
          "**Diskusi berpasangan (10 menit)** di materi; pertanyaan lain dibaca sendiri.", "",
          "Cara memandu (10 menit per pertanyaan):", "",
          "1. Minta peserta berpasangan dengan rekan dari OPD lain bila bisa (2 menit untuk membaca dan berpikir sendiri).",
          "2. Masing-masing bercerita tentang unitnya, bergantian (3 menit per orang). Pasangan mendengarkan dan bertanya.",
          "3. Minta dua atau tiga pasangan menyampaikan satu temuan kepada kelas (2 menit). Catat di papan hal yang "
          "perlu ditindaklanjuti OPD; jangan menilai atau mempermalukan unit tertentu.",
          "4. Bila pertanyaan menyentuh fakta lokal (PPID, Walidata, pejabat PDP), rujuk kotak *Fakta lokal Kota Dumai* "
          "di materi.", "", "Pertanyaan yang dipilih:", ""]
    for lesson in agenda.lessons.values():
        for d in lesson.discussions:
            L.append(f"- Modul {lesson.stem[:2]}, bagian \"{d.section}\": {d.about}")
    L += ["", "## Daftar periksa sebelum Bimtek", "",
          "1. Isi `src/egov_course/content/fakta_lokal.yaml` (PPID Utama dan PPID Pelaksana, Komisi Informasi yang "
          "berwenang, tempat mengajukan permohonan informasi, pejabat PDP, tempat melapor kebocoran data, kanal "
          "pengaduan, Walidata, portal Satu Data, sistem dan kode wilayah). Tulis jabatan dan kontak resmi instansi, "
          "bukan nama atau nomor pribadi.",
          "2. Jalankan `egov-course content stamp` untuk menulis nilai-nilai itu (dan perkiraan waktu dari agenda) ke "
          "materi.",
          "3. Jalankan `egov-course content check`. Hasilnya harus **0 masalah**, dan bagian *Fakta lokal yang belum "
          "diisi* harus kosong.",
          "4. Coba buka JupyterHub dengan akun peserta uji, ambil `pretest` di tab **Assignments**, kumpulkan, lalu "
          "periksa bahwa kiriman itu sampai.",
          "5. Siapkan tautan JupyterHub untuk peserta dan jadwal (pilih rencana 3 hari atau 2 hari di atas).", "",
          "## Yang disampaikan kepada peserta tentang kuis", "",
          "- Kuis diambil dan dikumpulkan **hanya** lewat tab **Assignments** di JupyterLab: tekan *Fetch* untuk "
          "mengambil, kerjakan, lalu tekan *Submit*.",
          "- Sel **Pemeriksaan format** hanya memeriksa bentuk jawaban, bukan benar atau salahnya.",
          "- Kuis yang sudah diambil dapat dibuka lagi: buka tab **Assignments**, lalu klik nama kuis di bagian "
          "*Downloaded assignments*. Jawaban tersimpan di berkas kuis itu; simpan (Ctrl + S) sebelum menutup.",
          "- Kuis boleh dikumpulkan ulang dengan **Submit**; pelatih mengambil kiriman terakhir. Sampaikan kepada "
          "peserta kapan kuis terakhir kali diambil untuk dinilai.",
          "- Jangan membuka kuis dari folder lain: hanya salinan yang diambil lewat tab Assignments yang dapat "
          "dikumpulkan.", ""]
    return "\n".join(L)


def guide_path(root: Path) -> Path:
    return Path(root) / "docs" / "panduan_pelatih.md"
