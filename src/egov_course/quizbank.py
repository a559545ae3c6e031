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

import ast
import csv
import io
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .content import _read_yaml, fact_problem, load_competencies, load_legal_facts, reference_date
from .errors import ContentError, Problem
from .quiz import FORMATS, Angka, Format, Menjodohkan, Pilihan, PilihanBanyak, Tanggal, format_tanggal

BLUEPRINT_COLUMNS = ("assignment", "grade_id", "competency", "points", "format", "difficulty", "legal_source", "facts")
DIFFICULTIES = ("mudah", "sedang", "sulit")
ESSAY = "uraian"
PARALLEL_FORMS = ("pretest", "posttest")
GRADE_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
RESERVED_SUFFIXES = ("_soal", "_jawaban")  # the question and answer cells of an item are <grade_id>_soal/_jawaban
ANSWER_HINTS = {
    "pilihan": "ketik satu huruf ({letters}) di antara tanda kutip",
    "benar_salah": 'ketik "benar" atau "salah" di antara tanda kutip',
    "angka": "ketik angkanya saja, misalnya {example}",
    "tanggal": 'ketik tanggal-bulan-tahun di antara tanda kutip, misalnya "{example}"',
    "pilihan_banyak": 'ketik SEMUA huruf yang benar, dipisah koma, misalnya "{example}"',
    "menjodohkan": 'pasangkan nomor dengan huruf, misalnya "{example}"',
}
# Examples in answer-line hints, fixed in advance; the first one that is not the item's key is used.
HINT_NUMBERS = (12, 2.5, 7, 0.75)
HINT_DATES = ("16-03-2026", "05-01-2027")
HINT_LETTER_SETS = ("a, c", "b, d")
FORMAT_EXAMPLES = {  # for the instructions at the top of a quiz: candidate values, and what the format is
    "pilihan": (('"b"', '"c"'), "pilihan ganda: satu huruf"),
    "benar_salah": (('"salah"', '"benar"'), "benar atau salah"),
    "angka": (("2.5", "12"), "angka (koma juga boleh: \"2,5\")"),
    "tanggal": (('"16-03-2026"', '"05-01-2027"'), "tanggal-bulan-tahun"),
    "pilihan_banyak": (('"a, c"', '"b, d"', '"c, e"'), "pilih semua yang benar; nilai sebagian"),
    "menjodohkan": (('"1-c, 2-a, 3-d, 4-b"', '"1-b, 2-d, 3-a, 4-c"', '"1-d, 2-c, 3-b, 4-a"'), "menjodohkan; nilai sebagian"),
}


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
# Rendering
# ---------------------------------------------------------------------------------------------
def _meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _points(value: float):
    return int(value) if float(value).is_integer() else value


def _poin(value: float) -> str:
    return f"{_points(value)} poin"


def key_literal(item: Item) -> str:
    """The key as a learner would type it (the instructor's solution line)."""
    fmt, key = item.fmt, item.key
    if isinstance(fmt, Angka):
        return repr(_points(float(key)))
    if isinstance(fmt, Tanggal):
        return json.dumps(format_tanggal(fmt.parse(key)))
    if isinstance(fmt, PilihanBanyak):
        return json.dumps(", ".join(sorted(fmt.parse(key))))
    if isinstance(fmt, Menjodohkan):
        pairs = fmt.parse(key)
        return json.dumps(", ".join(f"{n}-{pairs[n]}" for n in sorted(pairs)))
    return json.dumps(fmt.parse(key))


def _hint(item: Item) -> str:
    """The comment on the answer line: how to type the answer, with an example that is never the key."""
    fmt = item.fmt
    key = fmt.parse(item.key)
    letters = ", ".join(item.options)
    example = ""
    if isinstance(fmt, Pilihan):
        letters = ", ".join(list(item.options)[:-1]) + ", atau " + list(item.options)[-1]
    elif isinstance(fmt, Angka):
        example = " atau ".join(str(n) for n in [n for n in HINT_NUMBERS if n != key][:2])
    elif isinstance(fmt, Tanggal):
        example = next(d for d in HINT_DATES if fmt.parse(d) != key)
    elif isinstance(fmt, PilihanBanyak):
        example = next(e for e in HINT_LETTER_SETS if fmt.parse(e) != key)
    elif isinstance(fmt, Menjodohkan):
        shifts = ({n: fmt.options[(n - 1 + s) % len(fmt.options)] for n in range(1, fmt.pairs + 1)} for s in range(2))
        example = ", ".join(f"{n}-{v}" for n, v in next(e for e in shifts if e != key).items())
    return ANSWER_HINTS[item.row.format].format(letters=letters, example=example)


def _question_markdown(item: Item) -> str:
    row = item.row
    kind = " uraian" if not row.autograded else ""
    parts = [f"## Soal {item.number}{':' if kind else ''}{kind} ({_poin(row.points)})", "", item.question.strip()]
    if row.format == "pilihan":
        parts += ["", "<br>\n".join(f"{k}. {v}" for k, v in item.options.items())]
    elif row.format == "pilihan_banyak":
        parts += ["", "<br>\n".join(f"{k}. {v}" for k, v in item.options.items()), "",
                  "_Pilih **semua** jawaban yang benar (bisa lebih dari satu). Nilai sebagian: setiap pilihan benar "
                  "menambah nilai, setiap pilihan keliru mengurangi._"]
    elif row.format == "menjodohkan":
        left = "\n".join(f"{n}. {text}" for n, text in enumerate(item.pairs, start=1))
        right = "<br>\n".join(f"{k}. {v}" for k, v in item.options.items())
        parts += ["", "**Kolom kiri**", "", left, "", "**Kolom kanan**", "", right, "",
                  "_Pasangkan setiap nomor dengan satu huruf; setiap huruf dipakai paling banyak sekali. "
                  "Nilai sebagian: setiap pasangan yang tepat mendapat bagian nilainya._"]
    return "\n".join(parts)


def _answer_cell(item: Item):
    var = f"jawaban_{item.number}"
    row = item.row
    source = f'{var} = ""  # {_hint(item)}\n### BEGIN SOLUTION\n{var} = {key_literal(item)}\n### END SOLUTION'
    cell = nbformat.v4.new_code_cell(source, metadata=_meta(f"{item.grade_id}_jawaban", solution=True, locked=False))
    egov = {"item": item.grade_id, "number": item.number, "answer_variable": var, "format": row.format,
            "spec": item.fmt.spec(), "competency": row.competency, "difficulty": row.difficulty,
            "legal_source": row.legal_source, "facts": list(row.facts)}
    if item.options:
        egov["options"] = "".join(item.options)
    cell.metadata["egov_course"] = egov
    return cell


def _grade_cell(item: Item):
    var, n = f"jawaban_{item.number}", item.number
    key = key_literal(item)
    if item.fmt.partial:
        hidden = f"cek_format.skor({var}, {key}, nomor={n}, poin={_points(item.row.points)!r})"
    else:
        tolerance = f", toleransi={item.tolerance!r}" if item.tolerance else ""
        message = f"Jawaban nomor {n} belum tepat. Pelajari lagi: {item.row.legal_source}."
        hidden = f"assert cek_format.cocok({var}, {key}, nomor={n}{tolerance}), {json.dumps(message, ensure_ascii=False)}"
    source = (f"# Pemeriksaan format jawaban nomor {n} (hanya bentuknya, bukan kunci jawaban).\n"
              f"cek_format({var}, nomor={n})\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS")
    return nbformat.v4.new_code_cell(source, metadata=_meta(item.grade_id, grade=True, points=_points(item.row.points)))


def _essay_cells(item: Item):
    rubric = "\n".join(f"{i}. {text.strip()}" for i, text in enumerate(item.rubric, start=1))
    solution = ("### BEGIN SOLUTION\n**Pedoman penilaian (hanya untuk penilai; bagian ini tidak ikut ke versi peserta).** "
                f"Beri 1 poin untuk setiap unsur berikut (maksimal {_poin(item.row.points)}):\n\n{rubric}\n\n"
                f"**Contoh jawaban lengkap:** {item.example}\n### END SOLUTION")
    question = nbformat.v4.new_markdown_cell(_question_markdown(item), metadata=_meta(f"{item.grade_id}_soal"))
    answer = nbformat.v4.new_markdown_cell(solution, metadata=_meta(item.grade_id, grade=True, solution=True, locked=False,
                                                                    points=_points(item.row.points)))
    return [question, answer]


def _instruction_example(quiz: Quiz, code: str) -> str:
    """The first example of a format that is not the key of any item of that format in this quiz."""
    items = [i for i in quiz.autograded if i.row.format == code]
    for candidate in FORMAT_EXAMPLES[code][0]:
        value = ast.literal_eval(candidate)
        if not any(_parses_to(i.fmt, value, i.fmt.parse(i.key)) for i in items):
            return candidate
    return FORMAT_EXAMPLES[code][0][-1] if code in ("pilihan", "benar_salah") else '""'


def _parses_to(fmt: Format, value, key) -> bool:
    try:
        return fmt.parse(value) == key
    except (AssertionError, ValueError):
        return False


def _instructions(quiz: Quiz) -> str:
    auto, essays = quiz.autograded, quiz.essays
    auto_points = sum(i.row.points for i in auto)
    content = f"{len(auto)} soal singkat ({_poin(auto_points)})"
    if essays:
        content += f" dan {len(essays)} soal uraian ({_poin(sum(i.row.points for i in essays))})"
    formats = list(dict.fromkeys(i.row.format for i in auto))
    examples = "\n".join(f"| `jawaban_contoh = {_instruction_example(quiz, f)}` | {FORMAT_EXAMPLES[f][1]} |"
                         for f in formats)
    return f"""# {quiz.title}

{quiz.intro.strip()}

_{reference_date().line}_

**Isi:** {content}. Waktu sekitar {quiz.minutes} menit.

**Cara menjawab**

1. Jalankan sel **Persiapan** di bawah ini dulu: klik selnya, lalu tekan **Shift + Enter**.
2. Di setiap soal ada sel jawaban seperti `jawaban_1 = ""`. Ketik jawaban Anda **di antara tanda kutip**,
   lalu tekan **Shift + Enter**. Bentuk jawaban di kuis ini:

   | contoh | jenis soal |
   |---|---|
{chr(10).join('   ' + line for line in examples.splitlines())}

3. Jalankan juga sel **Pemeriksaan format** di bawahnya. Sel itu hanya memeriksa bentuk jawaban, **bukan**
   benar-salahnya. Kalau muncul pesan merah, baca petunjuknya lalu perbaiki jawaban Anda. Ragu? Jalankan
   `cek_format.petunjuk(3)` untuk melihat bentuk jawaban soal nomor 3.
4. Untuk soal uraian, klik dua kali kotak jawabannya, ganti kalimat contoh dengan jawaban Anda, lalu
   tekan **Shift + Enter**.
5. Simpan (**Ctrl + S**) lalu kumpulkan lewat menu **Assignments** (atau sesuai petunjuk pengajar).

Jangan menghapus atau menyalin sel; cukup ubah isi di antara tanda kutip."""


def _setup_source(quiz: Quiz) -> str:
    lines = "\n".join(f'    {i.number}: "{i.fmt.spec()}",' for i in quiz.autograded)
    return ("# Persiapan: jalankan sel ini sekali sebelum menjawab (Shift + Enter).\n"
            "from egov_course.quiz import FormatKuis\n\n"
            f"cek_format = FormatKuis({{\n{lines}\n}})")


CLOSING = """## Selesai

Terima kasih! Pastikan semua sel jawaban sudah dijalankan, simpan dengan **Ctrl + S**, lalu kumpulkan.
Nilai soal singkat keluar setelah pengajar menjalankan penilaian; soal uraian dinilai oleh pengajar."""


def render(quiz: Quiz):
    """The nbgrader source notebook of a quiz."""
    cells = [nbformat.v4.new_markdown_cell(_instructions(quiz), metadata=_meta("petunjuk")),
             nbformat.v4.new_code_cell(_setup_source(quiz), metadata=_meta("persiapan"))]
    for item in quiz.items:
        if item.row.autograded:
            cells += [nbformat.v4.new_markdown_cell(_question_markdown(item), metadata=_meta(f"{item.grade_id}_soal")),
                      _answer_cell(item), _grade_cell(item)]
        else:
            cells += _essay_cells(item)
    cells.append(nbformat.v4.new_markdown_cell(CLOSING, metadata=_meta("penutup")))
    for index, cell in enumerate(cells):  # stable ids, so a rebuild of unchanged items changes nothing
        cell["id"] = f"{quiz.assignment[:40]}-{index:02d}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
                   "language_info": {"name": "python"},
                   "egov_course": {"assignment": quiz.assignment, "built_from": f"quizbank/{quiz.assignment}.yaml"}}
    return nb


def notebook_text(nb) -> str:
    return nbformat.writes(nb) + "\n"


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
            parts.append(f"## {quiz.assignment}, soal {item.number} (`{item.grade_id}`, {_poin(item.row.points)})\n\n"
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
            cells.append(f"{len(rows)} ({_points(sum(r.points for r in rows))} pt)" if rows else "–")
        lines.append(f"| {comp} | " + " | ".join(cells) + " |")
    totals = []
    for a in assignments:
        rows = [r for r in blueprint if r.assignment == a]
        auto = sum(r.autograded for r in rows)
        totals.append(f"{auto}+{len(rows) - auto} essay ({_points(sum(r.points for r in rows))} pt)")
    lines.append("| **total** | " + " | ".join(totals) + " |")
    return "\n".join(lines)
