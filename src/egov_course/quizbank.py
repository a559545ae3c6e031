"""The quiz bank: item files and the blueprint become nbgrader source notebooks.

Authoring lives in the course folder, next to ``source/`` and, like it, on the instructor's side
only (it holds the keys; the package that learners import holds none):

* ``quizbank/blueprint.csv``: one row per graded cell — assignment, ``grade_id``, competency,
  points, answer format, target difficulty, legal source (with Pasal) and the ids of the facts in
  ``egov_course/content/legal_facts.yaml`` that the key rests on. It is the plan of the test and
  the map analysts join grades with.
* ``quizbank/<assignment>.yaml``: the items of one assignment in Bahasa Indonesia — question,
  options, key, and for the essay its mark scheme and a model answer.

``egov-course quiz build`` renders ``source/<assignment>/<assignment>.ipynb`` from both;
``egov-course quiz check`` compares the blueprint with the notebooks both ways (notebooks may be
edited by hand), checks the facts, and that pre- and post-test are parallel forms.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .content import _read_yaml, fact_problem, load_competencies, load_legal_facts, reference_date
from .errors import ContentError, Problem
from .quiz import FORMATS, Format, Menjodohkan
from .quiznotebook import notebook_text, poin_text, points_number, render

BLUEPRINT_COLUMNS = ("assignment", "grade_id", "competency", "points", "format", "difficulty", "legal_source", "facts")
DIFFICULTIES = ("mudah", "sedang", "sulit")
ESSAY = "uraian"
PARALLEL_FORMS = ("pretest", "posttest")
GRADE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_SUFFIXES = ("_soal", "_jawaban")  # the question and answer cells of an item are <grade_id>_soal/_jawaban
def quizbank_dir(root: Path) -> Path:
    return Path(root) / "quizbank"


# ---------------------------------------------------------------------------------------------
# Blueprint
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class BlueprintRow:
    line: int
    assignment: str
    grade_id: str
    competency: str
    points: float
    format: str
    difficulty: str
    legal_source: str
    facts: tuple[str, ...]

    @property
    def autograded(self) -> bool:
        return self.format != ESSAY


def load_blueprint(path: str | Path) -> list[BlueprintRow]:
    """Read and check ``blueprint.csv``; every problem is reported with its line."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ContentError(path, [Problem(None, None, "berkas blueprint tidak ditemukan")]) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in BLUEPRINT_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise ContentError(path, [Problem(1, None, f"kolom {', '.join(missing)} tidak ada; kolom yang diperlukan: "
                                                   f"{', '.join(BLUEPRINT_COLUMNS)}")])
    competencies = load_competencies()
    facts = load_legal_facts()
    ref = reference_date()
    on = ref.date
    rows, problems, seen = [], [], {}
    for line, raw in enumerate(reader, start=2):
        values = {k: (raw.get(k) or "").strip() for k in BLUEPRINT_COLUMNS}
        before = len(problems)
        for column in BLUEPRINT_COLUMNS:
            if not values[column] and column != "facts":
                problems.append(Problem(line, column, "wajib diisi"))
        if len(problems) > before:
            continue
        grade_id = values["grade_id"]
        if grade_id in seen:
            problems.append(Problem(line, "grade_id", f"{grade_id} sudah dipakai di baris {seen[grade_id]}; grade_id harus unik "
                                                      "di seluruh kursus"))
        seen[grade_id] = line
        if not GRADE_ID_RE.match(grade_id) or grade_id.endswith(RESERVED_SUFFIXES):
            problems.append(Problem(line, "grade_id", f"{grade_id!r} tidak sah: pakai huruf kecil, angka dan _, diawali huruf, "
                                                      f"dan jangan diakhiri {' atau '.join(RESERVED_SUFFIXES)} (dipakai sel "
                                                      "soal dan sel jawaban)"))
        if values["competency"] not in competencies:
            problems.append(Problem(line, "competency", f"{values['competency']!r} bukan area kompetensi; pilih salah satu: "
                                                        f"{', '.join(competencies)}"))
        try:
            points = float(values["points"])
            if not points > 0:
                raise ValueError
        except ValueError:
            problems.append(Problem(line, "points", f"{values['points']!r} harus angka lebih dari 0"))
            points = 0.0
        if values["format"] not in (*FORMATS, ESSAY):
            problems.append(Problem(line, "format", f"{values['format']!r} tidak dikenal; pilih salah satu: "
                                                    f"{', '.join((*FORMATS, ESSAY))}"))
        if values["difficulty"] not in DIFFICULTIES:
            problems.append(Problem(line, "difficulty", f"{values['difficulty']!r} harus {', '.join(DIFFICULTIES)}"))
        fact_ids = tuple(f.strip() for f in values["facts"].split(";") if f.strip())
        if not fact_ids:
            problems.append(Problem(line, "facts", "sebutkan id fakta (legal_facts.yaml) yang menjadi dasar kunci jawaban"))
        for fact_id in fact_ids:
            fact = facts.get(fact_id)
            if fact is None:
                problems.append(Problem(line, "facts", f"fakta {fact_id!r} tidak ada di legal_facts.yaml"))
            elif (why := fact_problem(fact, on)) is not None:
                problems.append(Problem(line, "facts", f"kunci tidak boleh bertumpu pada {why}; kunci hanya boleh bersandar "
                                                       f"pada fakta V1/V2 yang berlaku per {ref.text} (tanggal acuan "
                                                       "kursus): periksa dulu faktanya atau ganti soalnya"))
        rows.append(BlueprintRow(line, values["assignment"], values["grade_id"], values["competency"], points,
                                 values["format"], values["difficulty"], values["legal_source"], fact_ids))
    if problems:
        raise ContentError(path, problems)
    return rows


def blueprint_assignments(rows: list[BlueprintRow]) -> list[str]:
    return list(dict.fromkeys(r.assignment for r in rows))


# ---------------------------------------------------------------------------------------------
# Item files
# ---------------------------------------------------------------------------------------------
@dataclass
class Item:
    row: BlueprintRow
    number: int
    question: str
    options: dict[str, str] = field(default_factory=dict)
    pairs: list[str] = field(default_factory=list)
    key: object = None
    tolerance: float = 0.0
    rubric: list[str] = field(default_factory=list)
    example: str = ""

    @property
    def grade_id(self) -> str:
        return self.row.grade_id

    @property
    def fmt(self) -> Format | None:
        code = self.row.format
        if code == ESSAY:
            return None
        letters = "".join(self.options)
        if code == "menjodohkan":
            return Menjodohkan(len(self.pairs), letters)
        if code in ("pilihan", "pilihan_banyak"):
            return FORMATS[code](letters)
        return FORMATS[code]()


@dataclass
class Quiz:
    assignment: str
    title: str
    intro: str
    minutes: int
    items: list[Item]
    path: Path

    @property
    def autograded(self) -> list[Item]:
        return [i for i in self.items if i.row.autograded]

    @property
    def essays(self) -> list[Item]:
        return [i for i in self.items if not i.row.autograded]


def _text(entry: dict, name: str, where: str, problems: list[Problem]) -> str:
    value = entry.get(name)
    if not isinstance(value, str) or not value.strip():
        problems.append(Problem(None, f"{where}.{name}", "wajib diisi (teks)"))
        return ""
    return value.strip()


def load_quiz(path: str | Path, blueprint: list[BlueprintRow]) -> Quiz:
    """Read one item file and check it against the blueprint rows of its assignment."""
    path = Path(path)
    data = _read_yaml(path)
    problems: list[Problem] = []
    if not isinstance(data, dict) or not isinstance(data.get("items"), list) or not data["items"]:
        raise ContentError(path, [Problem(None, "items", "harus berisi 'assignment', 'title', 'intro' dan daftar 'items'")])
    assignment = data.get("assignment")
    if assignment != path.stem:
        problems.append(Problem(None, "assignment", f"{assignment!r} harus sama dengan nama berkas ({path.stem!r})"))
    title = _text(data, "title", "quiz", problems)
    intro = _text(data, "intro", "quiz", problems)
    minutes = data.get("minutes", 30)
    rows = {r.grade_id: r for r in blueprint if r.assignment == path.stem}
    items: list[Item] = []
    number = 0
    for i, entry in enumerate(data["items"], start=1):
        where = f"items[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            problems.append(Problem(None, where, "setiap butir perlu 'id' (= grade_id di blueprint)"))
            continue
        where = f"items[{i}] ({entry['id']})"
        row = rows.pop(entry["id"], None)
        if row is None:
            problems.append(Problem(None, where, f"tidak ada baris {path.stem},{entry['id']} di blueprint.csv"))
            continue
        number += 1
        item = Item(row, number, _text(entry, "question", where, problems))
        if row.format == ESSAY:
            item.rubric = entry.get("rubric") or []
            item.example = str(entry.get("example") or "").strip()
            if not isinstance(item.rubric, list) or not all(isinstance(r, str) and r.strip() for r in item.rubric):
                problems.append(Problem(None, f"{where}.rubric", "pedoman penilaian harus daftar unsur (teks), 1 poin per unsur"))
            elif len(item.rubric) != row.points:
                problems.append(Problem(None, f"{where}.rubric", f"{len(item.rubric)} unsur, padahal blueprint memberi "
                                                                 f"{row.points:g} poin (1 poin per unsur)"))
            if not item.example:
                problems.append(Problem(None, f"{where}.example", "contoh jawaban lengkap wajib diisi"))
            items.append(item)
            continue
        options = entry.get("options") or {}
        if row.format in ("pilihan", "pilihan_banyak", "menjodohkan"):
            if not isinstance(options, dict) or len(options) < 2 or not all(isinstance(k, str) and len(k) == 1 for k in options):
                problems.append(Problem(None, f"{where}.options", "perlu minimal dua pilihan berlabel huruf (a, b, ...)"))
                continue
            letters = "".join(options)
            if letters != "abcdefgh"[:len(letters)]:
                problems.append(Problem(None, f"{where}.options", f"label pilihan harus urut a, b, c, ... (bukan {letters})"))
            if len(set(map(str, options.values()))) != len(options):
                problems.append(Problem(None, f"{where}.options", "ada dua pilihan yang sama isinya"))
            item.options = {k: str(v).strip() for k, v in options.items()}
        elif options:
            problems.append(Problem(None, f"{where}.options", f"format {row.format} tidak memakai pilihan"))
        if row.format == "menjodohkan":
            pairs = entry.get("pairs")
            if not isinstance(pairs, list) or len(pairs) < 2 or not all(isinstance(p, str) for p in pairs):
                problems.append(Problem(None, f"{where}.pairs", "perlu daftar pernyataan kolom kiri (minimal dua)"))
                continue
            item.pairs = [p.strip() for p in pairs]
        item.key = entry.get("key")
        item.tolerance = float(entry.get("tolerance", 0.0))
        try:
            parsed = item.fmt.parse(item.key)
        except (AssertionError, ValueError) as exc:
            problems.append(Problem(None, f"{where}.key", f"kunci {item.key!r} tidak sesuai format {row.format}: {exc}"))
            continue
        if row.format == "pilihan_banyak" and parsed == frozenset(item.options):
            problems.append(Problem(None, f"{where}.key", "kunci memilih semua pilihan; sisakan minimal satu pengecoh"))
        if row.format == "benar_salah" and not isinstance(item.key, str):
            problems.append(Problem(None, f"{where}.key", 'tulis kunci sebagai "benar" atau "salah"'))
        items.append(item)
    for row in rows.values():
        problems.append(Problem(row.line, "grade_id", f"blueprint.csv baris {row.line}: {row.grade_id} tidak ada di {path.name}"))
    if problems:
        raise ContentError(path, problems)
    return Quiz(path.stem, title, intro, int(minutes), items, path)


# ---------------------------------------------------------------------------------------------
# Build and check
# ---------------------------------------------------------------------------------------------
def load_bank(root: Path, assignments: list[str] | None = None) -> tuple[list[BlueprintRow], list[Quiz]]:
    bank = quizbank_dir(root)
    blueprint = load_blueprint(bank / "blueprint.csv")
    names = assignments or blueprint_assignments(blueprint)
    quizzes = []
    for name in names:
        path = bank / f"{name}.yaml"
        if not path.exists():
            raise ContentError(path, [Problem(None, None, f"berkas butir soal untuk {name} tidak ada")])
        quizzes.append(load_quiz(path, blueprint))
    return blueprint, quizzes


def source_path(root: Path, assignment: str) -> Path:
    return Path(root) / "source" / assignment / f"{assignment}.ipynb"


def build(root: Path, assignments: list[str] | None = None, check: bool = False) -> list[tuple[str, Path, bool]]:
    """Write (or with ``check`` only compare) the source notebooks; returns (assignment, path, changed)."""
    _, quizzes = load_bank(root, assignments)
    results = []
    for quiz in quizzes:
        path = source_path(root, quiz.assignment)
        text = notebook_text(render(quiz))
        changed = not path.exists() or path.read_text(encoding="utf-8") != text
        if changed and not check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        results.append((quiz.assignment, path, changed))
    return results


@dataclass(frozen=True)
class GradeCell:
    assignment: str
    grade_id: str
    points: float
    autograded: bool
    egov: dict


def notebook_grade_cells(root: Path, assignment: str) -> list[GradeCell]:
    """Grade cells of every notebook of a source assignment, with the metadata of their answer cells."""
    cells = []
    for path in sorted((Path(root) / "source" / assignment).glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        answers = {c.metadata.get("egov_course", {}).get("item"): c.metadata["egov_course"]
                   for c in nb.cells if "egov_course" in c.metadata}
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("grade"):
                gid = meta["grade_id"]
                autograded = cell.cell_type == "code" and not meta.get("solution")
                cells.append(GradeCell(assignment, gid, float(meta.get("points", 0)), autograded, answers.get(gid, {})))
    return cells


def check_blueprint(root: Path, blueprint: list[BlueprintRow] | None = None) -> list[str]:
    """Problems between the blueprint and the source notebooks (both ways), and of the parallel forms."""
    root = Path(root)
    blueprint = blueprint if blueprint is not None else load_blueprint(quizbank_dir(root) / "blueprint.csv")
    problems = []
    rows = {(r.assignment, r.grade_id): r for r in blueprint}
    source_assignments = sorted(p.name for p in (root / "source").iterdir() if p.is_dir())
    for assignment in sorted(set(source_assignments) | {r.assignment for r in blueprint}):
        if assignment not in source_assignments:
            problems.append(f"blueprint.csv names {assignment}, but source/{assignment}/ does not exist")
            continue
        for cell in notebook_grade_cells(root, assignment):
            row = rows.pop((assignment, cell.grade_id), None)
            where = f"source/{assignment}: grade cell {cell.grade_id}"
            if row is None:
                problems.append(f"{where} is not in blueprint.csv")
                continue
            if row.points != cell.points:
                problems.append(f"{where} has {cell.points:g} points, blueprint.csv line {row.line} says {row.points:g}")
            if row.autograded != cell.autograded:
                problems.append(f"{where} is {'autograded' if cell.autograded else 'manually graded'}, blueprint.csv line "
                                f"{row.line} says format {row.format}")
            if cell.autograded:
                for name in ("competency", "format", "difficulty"):
                    if cell.egov.get(name) != getattr(row, name):
                        problems.append(f"{where}: answer-cell metadata {name}={cell.egov.get(name)!r}, blueprint.csv line "
                                        f"{row.line} says {getattr(row, name)!r}")
    for (assignment, gid), row in rows.items():
        if assignment in source_assignments:
            problems.append(f"blueprint.csv line {row.line}: {assignment}/{gid} has no grade cell in source/{assignment}/")
    problems += check_parallel_forms(blueprint)
    return problems


def form_profile(blueprint: list[BlueprintRow], assignment: str) -> Counter:
    """competency × points × difficulty × format of an assignment, as a multiset."""
    return Counter((r.competency, r.points, r.difficulty, r.format) for r in blueprint if r.assignment == assignment)


def check_parallel_forms(blueprint: list[BlueprintRow], forms: tuple[str, str] = PARALLEL_FORMS) -> list[str]:
    pre, post = (form_profile(blueprint, a) for a in forms)
    if not pre or not post:
        return [f"blueprint.csv has no rows for {a}" for a, p in zip(forms, (pre, post), strict=True) if not p]
    problems = []
    for key in sorted(set(pre) | set(post), key=str):
        if pre[key] != post[key]:
            competency, points, difficulty, fmt = key
            problems.append(f"{forms[0]} and {forms[1]} are not parallel: {competency}/{points:g} pt/{difficulty}/{fmt} "
                            f"appears {pre[key]}× vs {post[key]}×")
    pre_ids = {r.grade_id for r in blueprint if r.assignment == forms[0]}
    shared = sorted(pre_ids & {r.grade_id for r in blueprint if r.assignment == forms[1]})
    if shared:
        problems.append(f"{forms[0]} and {forms[1]} share items (parallel forms need different items): {', '.join(shared)}")
    return problems


def mark_schemes(quizzes: list[Quiz]) -> str:
    """The essays with their mark schemes and model answers, as Markdown for graders."""
    parts = []
    for quiz in quizzes:
        for item in quiz.essays:
            rubric = "\n".join(f"{i}. {' '.join(text.split())}" for i, text in enumerate(item.rubric, start=1))
            parts.append(f"## {quiz.assignment}, soal {item.number} (`{item.grade_id}`, {poin_text(item.row.points)})\n\n"
                         f"{item.question.strip()}\n\n**Pedoman penilaian** (1 poin per unsur):\n\n{rubric}\n\n"
                         f"**Contoh jawaban lengkap:** {' '.join(item.example.split())}\n")
    return "# Pedoman penilaian soal uraian\n\n" + "\n".join(parts)


def coverage_table(blueprint: list[BlueprintRow]) -> str:
    """Items (and points) per competency per assignment, as a Markdown table."""
    assignments = blueprint_assignments(blueprint)
    competencies = list(load_competencies())
    header = "| competency | " + " | ".join(assignments) + " |"
    lines = [header, "|" + "---|" * (len(assignments) + 1)]
    for comp in competencies:
        cells = []
        for a in assignments:
            rows = [r for r in blueprint if r.assignment == a and r.competency == comp]
            cells.append(f"{len(rows)} ({points_number(sum(r.points for r in rows))} pt)" if rows else "–")
        lines.append(f"| {comp} | " + " | ".join(cells) + " |")
    totals = []
    for a in assignments:
        rows = [r for r in blueprint if r.assignment == a]
        auto = sum(r.autograded for r in rows)
        totals.append(f"{auto}+{len(rows) - auto} essay ({points_number(sum(r.points for r in rows))} pt)")
    lines.append("| **total** | " + " | ".join(totals) + " |")
    return "\n".join(lines)
