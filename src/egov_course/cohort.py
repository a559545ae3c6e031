"""A synthetic cohort for the demo, the tests and the benchmarks.

Learners get an ability θ ~ N(0, 1); each OPD an effect u ~ N(0, σ_opd); each item a
difficulty b (from its ``difficulty`` label) and a discrimination a. A learner answers an item
correctly with the two-parameter logistic (2PL) probability

    P(correct) = 1 / (1 + exp(-a · (θ + u + learning − b)))

where ``learning`` is added on the module quizzes (taken after their lesson) and, larger, on the
post-test. Wrong answers are plausible wrong values (another
option, the other of benar/salah, a nearby number); a few answers are left blank; some learners
skip an assignment and a few submit late. Everything flows from one seed: the same seed gives the
same roster, the same answers and the same files.

Items are read from the notebooks themselves: an answer cell carrying ``egov_course`` metadata
(``answer_variable``, ``format``, ``options``, ``difficulty``) gets a one-line answer; any other
nbgrader solution cell (e.g. in the ``nbgrader quickstart`` course) gets either the instructor's
solution or the release stub, so the simulator works on any nbgrader course.
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import math
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .content import load_opd_list, load_synthetic_names
from .coursedir import Course
from .errors import EgovCourseError
from .quiz import Menjodohkan, PilihanBanyak, Tanggal, angka_indonesia, format_tanggal, parse_format, parse_number
from .roster import NIP, Learner, import_learners, learners_in_gradebook, read_roster, write_roster

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
# As c.Exchange.timestamp_format in nbgrader_config.py: no space before the offset (see there why).
TIMESTAMP_FORMAT = "%Y-%m-%dT%H:%M:%S.%f%z"
DIFFICULTY_B = {"mudah": -1.0, "sedang": 0.0, "sulit": 1.0}
OPD_WEIGHT = {"sekretariat": 1.5, "inspektorat": 1.0, "badan": 1.2, "dinas": 1.5, "kecamatan": 1.0}


@dataclass(frozen=True)
class CohortModel:
    """Parameters of the synthetic cohort (defaults give realistic spreads of scores)."""

    opd_sd: float = 0.5  # spread of OPD effects
    skip_rate: float = 0.05  # P(a learner skips an assignment)
    late_rate: float = 0.06  # P(a submission comes after the due date)
    blank_rate: float = 0.03  # P(an item is left blank)
    posttest_learning: float = 0.8  # ability gain between pre- and post-test
    module_learning: float = 0.5  # gain on a module quiz, taken right after its lesson
    essay_rate: float = 0.85  # P(a learner writes something in an essay cell)


@dataclass
class SimulationResult:
    roster_path: Path
    learners: list[dict]  # student_id, opd, theta
    submitted: int
    missing: int
    late: int
    responses_path: Path
    submissions_path: Path


ESSAY_WEAK = "Saya belum yakin aturan mana yang berlaku; menurut saya permintaan itu diteruskan ke atasan."
EXAMPLE_MARK = "Contoh jawaban lengkap:"


def essay_answers(solution: str) -> list[str]:
    """Three quality tiers of a synthetic essay: weak, partial (first sentence of the model answer), full."""
    text = solution.split(EXAMPLE_MARK, 1)[1] if EXAMPLE_MARK in solution else ""
    text = " ".join(text.split("### END SOLUTION")[0].replace("**", "").split()).strip(' "')
    if not text:
        return [ESSAY_WEAK, ESSAY_WEAK, ESSAY_WEAK]
    first = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return [ESSAY_WEAK, first, text]


def _logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


def synthetic_learners(n: int, seed: int, opds: int | None = None) -> tuple[list[Learner], dict[str, float], dict[str, float]]:
    """``n`` synthetic learners with well-formed but fake NIPs; also θ by NIP and OPD effects.

    ``opds`` limits the cohort to that many OPDs (a seeded choice), as a Bimtek batch that invites a
    few OPDs; ``None`` draws from every OPD of the list.
    """
    if n < 1:
        raise EgovCourseError("Jumlah peserta sintetis minimal 1.")
    rng = random.Random(f"egov-course:roster:{seed}")
    opd_list = load_opd_list()
    firsts, lasts = load_synthetic_names()
    effect_rng = random.Random(f"egov-course:opd:{seed}")
    opd_effect = {opd.code: effect_rng.gauss(0.0, 1.0) for opd in opd_list.items}
    invited = opd_list.items
    if opds is not None:
        if not 1 <= opds <= len(invited):
            raise EgovCourseError(f"Jumlah OPD harus antara 1 dan {len(invited)} (daftar OPD), bukan {opds}.")
        pick = random.Random(f"egov-course:invited:{seed}")
        invited = sorted(pick.sample(invited, opds), key=opd_list.items.index)
    weights = [OPD_WEIGHT[opd.kind] for opd in invited]
    learners, theta, seen = [], {}, set()
    while len(learners) < n:
        birth = dt.date(1968, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 32))
        age_at_cpns = rng.randint(22, 35)
        cpns_year = min(birth.year + age_at_cpns, 2024)
        cpns_month = rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
        if (cpns_year, cpns_month) < (birth.year + 18, birth.month):
            continue
        sex = rng.choice([1, 2])
        serial = rng.randint(1, 999)
        digits = f"{birth:%Y%m%d}{cpns_year:04d}{cpns_month:02d}{sex}{serial:03d}"
        if digits in seen:
            continue
        seen.add(digits)
        nip = NIP(digits, birth, cpns_year, cpns_month, sex, serial)
        opd = rng.choices(invited, weights=weights)[0]
        nama = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        email = f"peserta{len(learners) + 1:04d}@contoh.invalid" if rng.random() < 0.7 else None
        learners.append(Learner(nip, nama, opd.code, email))
        theta[digits] = rng.gauss(0.0, 1.0)
    return learners, theta, opd_effect


def simulate(course: Course, learners: int = 60, seed: int = 2026, assignments: list[str] | None = None,
             start: dt.date = dt.date(2026, 2, 2), model: CohortModel | None = None, opds: int | None = None) -> SimulationResult:
    """Write a synthetic roster, import it, and write a submission per learner and assignment."""
    model = model or CohortModel()
    released = course.released_assignments()
    assignments = assignments or released
    unknown = [a for a in assignments if a not in released]
    if unknown or not assignments:
        raise EgovCourseError(
            f"Tugas belum dirilis: {', '.join(unknown) or '(tidak ada di release/)'}. Jalankan `egov-course release` dulu.")
    check_course_is_synthetic(course)

    roster, theta_by_nip, opd_effect = synthetic_learners(learners, seed, opds)
    sim_dir = course.root / "simulation"
    sim_dir.mkdir(exist_ok=True)
    roster_path = sim_dir / "roster.csv"
    write_roster(roster_path, roster)
    roster = read_roster(roster_path)  # the generator must satisfy the same rules as a real roster
    ids = import_learners(course, roster, synthetic=True).student_ids

    rng = random.Random(f"egov-course:answers:{seed}")
    submitted_root = course.step_dir("submitted")
    responses, submissions, people = [], [], []
    for learner in roster:
        people.append({"student_id": ids[learner.nip.digits], "opd": learner.opd,
                       "theta": theta_by_nip[learner.nip.digits]})
    for index, assignment in enumerate(assignments):
        due = dt.datetime.combine(start + dt.timedelta(days=7 * index), dt.time(23, 59), WIB)
        with course.gradebook() as gb:
            gb.update_or_create_assignment(assignment, duedate=due.astimezone(dt.timezone.utc).replace(tzinfo=None))
        items = {nb.stem: _notebook_items(course, assignment, nb.stem, seed) for nb in course.notebooks("release", assignment)}
        for person in people:
            sid = person["student_id"]
            folder = submitted_root / sid / assignment
            if folder.exists():
                shutil.rmtree(folder)
            if rng.random() < model.skip_rate:
                submissions.append({"student_id": sid, "assignment": assignment, "status": "missing", "late": "", "timestamp": ""})
                continue
            late = rng.random() < model.late_rate
            offset = dt.timedelta(minutes=rng.randint(30, 48 * 60))
            when = due + offset if late else due - offset
            ability = person["theta"] + model.opd_sd * opd_effect[person["opd"]]
            if assignment == "posttest":
                ability += model.posttest_learning
            elif assignment != "pretest":
                ability += model.module_learning
            folder.mkdir(parents=True)
            for stem, (release_nb, cells) in items.items():
                nb = nbformat.from_dict(release_nb)
                for cell_index, item in cells:
                    p = _logistic(item.a * (ability - item.b))
                    outcome = "blank" if rng.random() < model.blank_rate else ("correct" if rng.random() < p else "wrong")
                    answer = item.answer(nb.cells[cell_index], outcome, rng, model)
                    responses.append({"student_id": sid, "opd": person["opd"], "assignment": assignment, "notebook": stem,
                                      "item": item.item, "grade_id": item.grade_id, "kind": item.kind, "outcome": outcome,
                                      "correct": int(outcome == "correct"), "points": item.points if outcome == "correct" else 0,
                                      "max_points": item.points, "answer": answer, "p_correct": round(p, 4)})
                nbformat.write(nb, folder / f"{stem}.ipynb")
            (folder / "timestamp.txt").write_text(when.strftime(TIMESTAMP_FORMAT), encoding="utf-8")
            submissions.append({"student_id": sid, "assignment": assignment, "status": "submitted",
                                "late": int(late), "timestamp": when.isoformat()})

    responses_path = sim_dir / "responses.csv"
    submissions_path = sim_dir / "submissions.csv"
    _write_csv(responses_path, responses)
    _write_csv(submissions_path, submissions)
    _write_csv(sim_dir / "learners.csv", people)
    return SimulationResult(roster_path, people,
                            submitted=sum(s["status"] == "submitted" for s in submissions),
                            missing=sum(s["status"] == "missing" for s in submissions),
                            late=sum(s["late"] == 1 for s in submissions),
                            responses_path=responses_path, submissions_path=submissions_path)


def check_course_is_synthetic(course: Course) -> None:
    real = [row["student_id"] for row in learners_in_gradebook(course) if not row["synthetic"]]
    if real:
        raise EgovCourseError(
            f"Gradebook {course.db_url} sudah berisi {len(real)} peserta sungguhan; data sintetis tidak boleh dicampur. "
            "Jalankan simulasi di salinan kursus (--course-dir).")


def _write_csv(path: Path, rows: list[dict]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        if not rows:
            return
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


# ---------------------------------------------------------------------------------------------
# Items
# ---------------------------------------------------------------------------------------------
@dataclass
class Item:
    item: str
    grade_id: str  # of the answer cell
    kind: str  # "line" (one-line answer), "code" or "text" (generic solution cells)
    a: float
    b: float
    source: str  # the instructor's version of the cell
    variable: str | None = None
    fmt: str | None = None
    options: str | None = None
    key: object = None
    spec: str | None = None  # answer format of egov_course.quiz, e.g. "menjodohkan 4 abcde"
    points: float = 0.0  # of the grade cell this answer is scored in

    def answer(self, cell, outcome: str, rng: random.Random, model: CohortModel) -> str:
        """Fill ``cell`` (a release cell) for ``outcome``; return the answer as written."""
        if self.kind == "line":
            value = None if outcome == "blank" else (self.key if outcome == "correct" else self._wrong(rng))
            if value is None:
                return ""
            literal = _literal(value, rng)
            cell.source = re.sub(rf'^(\s*{re.escape(self.variable)}\s*=\s*)""', lambda m: m.group(1) + literal,
                                 cell.source, count=1, flags=re.M)
            return literal
        if self.kind == "text":
            if outcome == "blank" or rng.random() > model.essay_rate:
                return ""
            tier = 2 if outcome == "correct" else rng.choice([0, 1])
            cell.source = essay_answers(self.source)[tier]
            return f"essay:{tier}"
        if outcome == "correct":
            cell.source = self.source
            return "solution"
        return ""

    def _wrong(self, rng: random.Random):
        """A well-formed answer that scores 0 (for partial-credit formats: no right letter, no right pair)."""
        if self.fmt == "pilihan":
            return rng.choice([o for o in self.options if o != self.key])
        if self.fmt == "benar_salah":
            return "salah" if self.key == "benar" else "benar"
        if self.fmt == "angka":
            key = parse_number(self.key)  # the solution line writes it as text, e.g. "2,63"
            candidates = {key + d for d in (-3, -2, -1, 1, 2, 4, 7)} | {round(key * f, 4) for f in (0.5, 1.5, 2)}
            candidates.discard(key)
            return rng.choice(sorted(candidates))
        fmt = parse_format(self.spec) if self.spec else None
        if isinstance(fmt, Tanggal):
            return format_tanggal(fmt.parse(self.key) + dt.timedelta(days=rng.choice([-7, -3, -1, 1, 2, 3, 7])))
        if isinstance(fmt, PilihanBanyak):
            wrong = [o for o in fmt.options if o not in fmt.parse(self.key)]
            return ", ".join(sorted(rng.sample(wrong, rng.randint(1, len(wrong)))))
        if isinstance(fmt, Menjodohkan):
            key = fmt.parse(self.key)
            numbers = sorted(key)
            shift = rng.randint(1, len(numbers) - 1)  # key letters are distinct, so every pair moves off its key
            return ", ".join(f"{n}-{key[numbers[(i + shift) % len(numbers)]]}" for i, n in enumerate(numbers))
        raise EgovCourseError(f"Format butir {self.item} tidak dikenal: {self.fmt!r}")


def _literal(value, rng: random.Random) -> str:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = angka_indonesia(float(value))  # "2,63": as the quiz asks, read the same by the grader
        return str(number) if rng.random() < 0.2 else f'"{number}"'  # some learners forget the quotes
    return f'"{value}"'


def _notebook_items(course: Course, assignment: str, stem: str, seed: int):
    release_path = course.step_dir("release") / assignment / f"{stem}.ipynb"
    source_path = course.step_dir("source") / assignment / f"{stem}.ipynb"
    release_nb = nbformat.read(release_path, as_version=4)
    source_cells = {}
    points = {c.metadata["nbgrader"]["grade_id"]: float(c.metadata["nbgrader"].get("points", 0))
              for c in release_nb.cells if c.metadata.get("nbgrader", {}).get("grade")}
    if source_path.exists():
        for cell in nbformat.read(source_path, as_version=4).cells:
            gid = cell.metadata.get("nbgrader", {}).get("grade_id")
            if gid:
                source_cells[gid] = cell
    cells = []
    for index, cell in enumerate(release_nb.cells):
        meta = cell.metadata.get("nbgrader", {})
        if not meta.get("solution"):
            continue
        gid = meta.get("grade_id", f"cell-{index}")
        src_cell = source_cells.get(gid)
        egov = cell.metadata.get("egov_course", {})
        name = egov.get("item", gid)
        irng = random.Random(f"egov-course:item:{seed}:{assignment}:{stem}:{name}")
        b = DIFFICULTY_B.get(egov.get("difficulty"), 0.0) + irng.gauss(0.0, 0.3)
        a = irng.uniform(0.8, 2.0)
        if egov.get("answer_variable") and src_cell is not None:
            key = _answer_key(src_cell.source, egov["answer_variable"], source_path)
            cells.append((index, Item(name, gid, "line", a, b, src_cell.source, egov["answer_variable"],
                                      egov.get("format"), egov.get("options"), key, egov.get("spec"),
                                      points.get(name, 0.0))))
        else:
            kind = "text" if cell.cell_type == "markdown" else "code"
            cells.append((index, Item(name, gid, kind, a, b, src_cell.source if src_cell is not None else cell.source,
                                      points=points.get(gid, 0.0))))
    return release_nb, cells


def _answer_key(source: str, variable: str, path: Path):
    """The value the instructor's answer cell assigns last to ``variable`` (read, never executed)."""
    value = None
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        raise EgovCourseError(f"{path}: sel jawaban {variable} bukan kode Python yang sah: {exc}") from None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == variable for t in node.targets):
            value = ast.literal_eval(node.value)
    if value in (None, ""):
        raise EgovCourseError(f"{path}: sel jawaban tidak memberi nilai kunci untuk {variable}.")
    return value
