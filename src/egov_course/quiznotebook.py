"""A quiz of the bank as an nbgrader source notebook: instructions, set-up, question, answer and check cells.

One rule for every answer: the learner types it after ``jawaban_N =``, between quotes (numbers and
dates too); :mod:`egov_course.quizshell` forgives missing or doubled quotes. Examples printed in the
notebook can never earn points: numbers and dates are fixed course-wide values that the build refuses
as a key, and the examples of partial-credit formats end in "…", which no key parses to.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import nbformat

from .content import reference_date
from .errors import ContentError, Problem
from .quiz import Angka, Menjodohkan, PilihanBanyak, Tanggal, angka_indonesia, credit_share, format_tanggal

if TYPE_CHECKING:
    from .quizbank import Item, Quiz

# The one example of each value format, course-wide. A key equal to one is refused by the build
# (ContentError naming the item), so copying an example never scores.
EXAMPLE_NUMBER = "99"
EXAMPLE_DATE = "16-03-2026"
EXAMPLE_LETTERS = "a, c, …"  # the "…" makes it incomplete: it shows the form and parses to no key
ANSWER_HINTS = {
    "pilihan": "ketik satu huruf ({letters}) di antara tanda kutip",
    "benar_salah": 'ketik "benar" atau "salah" di antara tanda kutip',
    "angka": f'ketik angkanya saja di antara tanda kutip, misalnya "{EXAMPLE_NUMBER}"',
    "tanggal": f'ketik tanggal-bulan-tahun di antara tanda kutip, misalnya "{EXAMPLE_DATE}"',
    "pilihan_banyak": f'ketik SEMUA huruf yang benar di antara tanda kutip, dipisah koma, misalnya "{EXAMPLE_LETTERS}"',
    "menjodohkan": 'pasangkan setiap nomor dengan satu huruf di antara tanda kutip, misalnya "{example}"',
}
FORMAT_ROWS = {  # the table of answer forms at the top of a quiz: example, what it is
    "pilihan": ('"b"', "pilihan ganda: satu huruf"),
    "benar_salah": ('"salah"', "benar atau salah"),
    "pilihan_banyak": (f'"{EXAMPLE_LETTERS}"', "pilih semua yang benar (bisa dua, tiga, atau lebih); nilai sebagian"),
    "menjodohkan": (None, "menjodohkan: setiap nomor dengan satu huruf; nilai sebagian"),
    "angka": (f'"{EXAMPLE_NUMBER}"', 'angka, di antara tanda kutip; pecahan pakai koma: "2,5"'),
    "tanggal": (f'"{EXAMPLE_DATE}"', "tanggal-bulan-tahun; nama hari boleh ditulis"),
}
MESSAGES = """**Kalau muncul pesan ini**

| Pesan | Artinya dan yang perlu Anda lakukan |
|---|---|
| ✓ Bentuk jawaban … sudah sesuai: "c". | Bentuknya terbaca sebagai "c". Benar atau tidaknya baru diketahui setelah kuis dinilai. |
| ✗ Jawaban nomor … masih kosong. | Ketik jawaban di antara tanda kutip, lalu Shift + Enter. |
| ✗ … bukan pilihan yang ada / bukan angka / belum berbentuk tanggal | Baca petunjuk di pesan itu, perbaiki jawabannya, lalu Shift + Enter. |
| ✗ Jawaban nomor … belum tersimpan. | Jalankan dulu sel jawaban nomor itu, baru sel pemeriksaannya. |
| ✗ Sel Persiapan belum dijalankan … atau `NameError: name 'cek_format' is not defined` | Jalankan sel **Persiapan** (atau **Run → Run All Cells**). |
| ✗ Python tidak bisa membaca … | Tekan **Ctrl + Z** untuk membatalkan, lalu tulis lagi seperti `jawaban_1 = "…"` (jawaban di antara tanda kutip). |"""
WAY_BACK = """**Membuka kuis lagi, atau sesudah kernel dimulai ulang (*Restart*)?**
Jawaban Anda tersimpan di sel jawaban, bukan di tanda ✓. Pilih menu **Run → Run All Cells**: sel
Persiapan, semua jawaban, dan semua pemeriksaan dijalankan sampai akhir tanpa berhenti, juga bila
sebagian soal belum dijawab. Yang dinilai adalah isi sel jawaban pada berkas yang Anda **simpan**
(Ctrl + S) lalu kumpulkan.

- Sel soal dan sel pemeriksaan **terkunci**: yang bisa diubah hanya sel jawaban dan kotak uraian.
- Sel berubah aneh atau isinya hilang? Tekan **Ctrl + Z** (atau menu *Edit → Undo*). Jangan menambah
  atau menyalin sel: jawaban di sel baru tidak dinilai.
- Tombol **Validate** di tab Assignments hanya menjalankan semua sel dan tidak memberi nilai; boleh diabaikan.
- Kuis dikumpulkan hanya lewat tab **Assignments**, tombol **Submit**."""
CLOSING = """## Selesai

Terima kasih! Simpan dengan **Ctrl + S**, lalu kumpulkan lewat tab **Assignments** (tombol **Submit**).
Nilai soal singkat keluar setelah pengajar menjalankan penilaian; soal uraian dinilai oleh pengajar."""


def _meta(grade_id: str, *, grade=False, solution=False, locked=True, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def points_number(value: float):
    return int(value) if float(value).is_integer() else value


def poin_text(value: float) -> str:
    return f"{points_number(value)} poin"


def key_literal(item: Item) -> str:
    """The key as a learner would type it, between quotes (the instructor's solution line)."""
    fmt, key = item.fmt, item.key
    if isinstance(fmt, Angka):
        return json.dumps(angka_indonesia(fmt.parse(key)))
    if isinstance(fmt, Tanggal):
        return json.dumps(format_tanggal(fmt.parse(key)))
    if isinstance(fmt, PilihanBanyak):
        return json.dumps(", ".join(sorted(fmt.parse(key))))
    if isinstance(fmt, Menjodohkan):
        pairs = fmt.parse(key)
        return json.dumps(", ".join(f"{n}-{pairs[n]}" for n in sorted(pairs)))
    return json.dumps(fmt.parse(key))


def matching_example(fmt: Menjodohkan) -> str:
    """The first two pairs and "…": the form of a matching answer, incomplete so that it never scores."""
    return ", ".join(f"{n}-{fmt.options[(n + 1) % len(fmt.options)]}" for n in range(1, 3)) + ", …"


def _hint(item: Item) -> str:
    """The comment on the answer line: how to type the answer."""
    letters = list(item.options)
    letters = ", ".join(letters[:-1]) + ", atau " + letters[-1] if letters else ""
    example = matching_example(item.fmt) if isinstance(item.fmt, Menjodohkan) else ""
    return ANSWER_HINTS[item.row.format].format(letters=letters, example=example)


def printed_examples(text: str) -> list[str]:
    """The quoted values after "misalnya" or in a `jawaban_contoh = …` row: what a learner might copy."""
    found = re.findall(r'misalnya "([^"]*)"', text)
    found += re.findall(r'jawaban_contoh = "([^"]*)"', text)
    return found


def example_problems(quiz: Quiz) -> list[Problem]:
    """Items on which an example printed in the quiz would earn points (the build refuses them)."""
    problems = []
    for item in quiz.autograded:
        if item.row.format in ("pilihan", "benar_salah"):
            continue  # their examples are a bare letter or word: the format itself, shown once in the table
        examples = printed_examples(_hint(item)) + printed_examples(_format_row(quiz, item.row.format))
        key = item.fmt.parse(item.key)
        for example in dict.fromkeys(examples):
            if credit_share(item.fmt, example, key, item.tolerance) > 0:
                problems.append(Problem(None, f"items ({item.grade_id}).key",
                                        f'contoh jawaban "{example}" yang tercetak di kuis akan mendapat nilai; '
                                        "ganti kuncinya atau urutan pilihannya"))
    return problems


def _options(item: Item) -> str:
    return "\n".join(f"- **{k}.** {v}" for k, v in item.options.items())


def _question_markdown(item: Item) -> str:
    row = item.row
    kind = " uraian" if not row.autograded else ""
    parts = [f"## Soal {item.number}{':' if kind else ''}{kind} ({poin_text(row.points)})", "", item.question.strip()]
    if not row.autograded:  # adults want to know how an essay is judged (review P9); the mark scheme stays hidden
        parts += ["", f"_Cara penilaian: pengajar memberi 1 poin untuk setiap unsur jawaban yang diminta, paling banyak "
                      f"{poin_text(row.points)}. Jawablah setiap bagian pertanyaan dengan kata-kata Anda sendiri dan "
                      "sebutkan dasar hukumnya (pasal)._"]
    if row.format == "pilihan":
        parts += ["", _options(item)]
    elif row.format == "pilihan_banyak":
        parts += ["", _options(item), "",
                  "_Pilih **semua** jawaban yang benar (bisa lebih dari satu). Nilai sebagian: setiap pilihan benar "
                  "menambah nilai, setiap pilihan keliru mengurangi._"]
    elif row.format == "menjodohkan":
        left = "\n".join(f"{n}. {text}" for n, text in enumerate(item.pairs, start=1))
        parts += ["", "**Kolom kiri**", "", left, "", "**Kolom kanan**", "", _options(item), "",
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
        hidden = f"cek_format.skor({var}, {key}, nomor={n}, poin={points_number(item.row.points)!r})"
    else:
        tolerance = f", toleransi={item.tolerance!r}" if item.tolerance else ""
        message = f"Jawaban nomor {n} belum tepat. Pelajari lagi: {item.row.legal_source}."
        hidden = f"assert cek_format.cocok({var}, {key}, nomor={n}{tolerance}), {json.dumps(message, ensure_ascii=False)}"
    source = (f"# Pemeriksaan bentuk jawaban nomor {n} (bukan kunci jawaban). Jalankan dengan Shift + Enter.\n"
              f"cek_format({var}, nomor={n})\n### BEGIN HIDDEN TESTS\n{hidden}\n### END HIDDEN TESTS")
    return nbformat.v4.new_code_cell(source, metadata=_meta(item.grade_id, grade=True, points=points_number(item.row.points)))


def _essay_cells(item: Item):
    rubric = "\n".join(f"{i}. {text.strip()}" for i, text in enumerate(item.rubric, start=1))
    solution = ("### BEGIN SOLUTION\n**Pedoman penilaian (hanya untuk penilai; bagian ini tidak ikut ke versi peserta).** "
                f"Beri 1 poin untuk setiap unsur berikut (maksimal {poin_text(item.row.points)}):\n\n{rubric}\n\n"
                f"**Contoh jawaban lengkap:** {item.example}\n### END SOLUTION")
    question = nbformat.v4.new_markdown_cell(_question_markdown(item), metadata=_meta(f"{item.grade_id}_soal"))
    answer = nbformat.v4.new_markdown_cell(solution, metadata=_meta(item.grade_id, grade=True, solution=True, locked=False,
                                                                    points=points_number(item.row.points)))
    return [question, answer]


def _format_row(quiz: Quiz, code: str) -> str:
    example, what = FORMAT_ROWS[code]
    if example is None:  # matching: the form of the first matching item of this quiz
        first = next(i for i in quiz.autograded if i.row.format == code)
        example = f'"{matching_example(first.fmt)}"'
    return f"   | `jawaban_contoh = {example}` | {what} |"


def _format_table(quiz: Quiz) -> str:
    rows = [_format_row(quiz, code) for code in dict.fromkeys(i.row.format for i in quiz.autograded)]
    return "   | contoh | jenis soal |\n   |---|---|\n" + "\n".join(rows)


def _instructions(quiz: Quiz) -> str:
    auto, essays = quiz.autograded, quiz.essays
    content = f"{len(auto)} soal singkat ({poin_text(sum(i.row.points for i in auto))})"
    if essays:
        content += f" dan {len(essays)} soal uraian ({poin_text(sum(i.row.points for i in essays))})"
    return f"""# {quiz.title}

{quiz.intro.strip()}

_{reference_date().line}_

**Isi:** {content}. Waktu sekitar {quiz.minutes} menit.

**Cara menjawab**

1. Jalankan sel **Persiapan** di bawah ini dulu: klik selnya, lalu tekan **Shift + Enter**.
2. Di setiap soal ada sel jawaban seperti `jawaban_1 = ""`. Klik di antara kedua tanda kutip, ketik
   jawaban Anda (huruf, kata, angka, atau tanggal: **semuanya di antara tanda kutip**), lalu tekan
   **Shift + Enter**. Di bawah sel muncul bentuk jawaban yang terbaca. Bentuk jawaban di kuis ini:

{_format_table(quiz)}

3. Sel **Pemeriksaan** di bawah setiap jawaban hanya memeriksa bentuknya, **bukan** benar-salahnya.
   Pesan merah berisi petunjuk: perbaiki jawaban, lalu tekan Shift + Enter lagi.
4. Untuk soal uraian, klik dua kali kotak jawabannya, ganti kalimat contoh dengan jawaban Anda, lalu
   tekan **Shift + Enter**.
5. Simpan (**Ctrl + S**) lalu kumpulkan lewat tab **Assignments**, tombol **Submit**.

{WAY_BACK}

{MESSAGES}"""


def _setup_source(quiz: Quiz) -> str:
    lines = "\n".join(f'    {i.number}: "{i.fmt.spec()}",' for i in quiz.autograded)
    return ("# Persiapan: jalankan sel ini dulu setiap kali kuis dibuka (Shift + Enter).\n"
            "from egov_course.quizshell import siapkan_kuis\n\n"
            f"cek_format = siapkan_kuis({{\n{lines}\n}})")


def render(quiz: Quiz):
    """The nbgrader source notebook of a quiz; ContentError when a printed example would score."""
    problems = example_problems(quiz)
    if problems:
        raise ContentError(quiz.path, problems)
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
