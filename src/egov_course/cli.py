"""The ``egov-course`` command: quiz, release, roster, gradebook, simulate, grade, feedback, report, demo."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

from . import __version__
from .coursedir import Course
from .errors import EgovCourseError


def _course(args) -> Course:
    return Course(args.course_dir)


def _say(message: str = "") -> None:
    print(message, flush=True)


# -- release ----------------------------------------------------------------------------------
def cmd_release(args) -> int:
    course = _course(args)
    assignments = args.assignments or course.source_assignments()
    if not assignments:
        raise EgovCourseError(f"Tidak ada tugas di {course.step_dir('source')}.")
    failed = release(course, assignments)
    return 1 if failed else 0


def release(course: Course, assignments: list[str]) -> list[str]:
    failed = []
    for assignment in assignments:
        outcome = course.run("generate_assignment", assignment, force=True, create=True)
        if outcome.get("success"):
            _say(f"rilis   {assignment:<24} → {course.step_dir('release') / assignment}")
        else:
            failed.append(assignment)
            _say(f"GAGAL   {assignment}: {(outcome.get('error') or outcome.get('log') or '').strip()}")
    return failed


# -- quiz bank --------------------------------------------------------------------------------
def cmd_quiz_build(args) -> int:
    from .quizbank import build

    course = _course(args)
    stale = []
    for assignment, path, changed in build(course.root, args.assignments or None, check=args.check):
        state = ("BEDA   " if args.check else "tulis  ") if changed else "sama   "
        _say(f"{state} {assignment:<24} {path.relative_to(course.root)}")
        if changed:
            stale.append(assignment)
    if args.check and stale:
        _say(f"\n{len(stale)} notebook di source/ tidak sama dengan quizbank/. Jalankan `egov-course quiz build` "
             "lalu `egov-course release`.")
        return 1
    return 0


def cmd_quiz_check(args) -> int:
    from .quizbalance import key_balance_problems
    from .quizbank import check_blueprint, coverage_table, load_bank

    course = _course(args)
    blueprint, quizzes = load_bank(course.root)
    problems = check_blueprint(course.root, blueprint)
    balance = key_balance_problems(quizzes)
    _say(coverage_table(blueprint))
    if problems or balance:
        if problems:
            _say(f"\n{len(problems)} masalah antara blueprint dan notebook:")
            for problem in problems:
                _say(f"  - {problem}")
        if balance:
            _say(f"\n{len(balance)} masalah keseimbangan kunci (egov_course.quizbalance):")
            for problem in balance:
                _say(f"  - {problem}")
        return 1
    _say(f"\nBlueprint cocok dengan source/: {len(blueprint)} sel nilai; pre-test dan post-test paralel; "
         "setiap kunci bertumpu pada fakta V1/V2 yang berlaku pada tanggal acuan kursus; kunci seimbang "
         "(benar/salah, pilihan ganda, pilih semua).")
    return 0


def cmd_quiz_rubric(args) -> int:
    from .quizbank import load_bank, mark_schemes

    course = _course(args)
    _, quizzes = load_bank(course.root, args.assignments or None)
    _write_or_say(mark_schemes(quizzes), args.out, f"Pedoman penilaian {sum(len(q.essays) for q in quizzes)} soal uraian")
    return 0


def _write_or_say(text: str, out: Path | None, what: str) -> None:
    """Write ``text`` to ``out`` (saying so), or print it when no file was asked for."""
    if out:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
        _say(f"{what} → {out}")
    else:
        _say(text)


# -- content ----------------------------------------------------------------------------------
def cmd_content_check(args) -> int:
    from .checklist import check

    course = _course(args)
    result = check(course.root)
    _write_or_say(result.markdown(), args.out, "Daftar periksa konten")
    counts = ", ".join(f"{len(c)} rujukan di {title.split(' ')[0].lower()}" for title, c in result.citations.items())
    if result.unfilled:
        _say(f"\nPeringatan: {len(result.unfilled)} fakta lokal belum diisi (content/fakta_lokal.yaml; diisi panitia "
             "sebelum Bimtek, lalu `egov-course content stamp`).")
    if result.problems:
        _say(f"\n{len(result.problems)} masalah (peraturan per {result.reference.text}); {counts}.")
        if args.out:
            for problem in result.problems:
                _say(f"  - {problem}")
        return 1
    _say(f"\nSemua rujukan sesuai peraturan yang berlaku per {result.reference.text}: {counts}.")
    return 0


def cmd_content_stamp(args) -> int:
    from . import agenda
    from .checklist import stamp_lessons
    from .content import reference_date

    course = _course(args)
    changed = stamp_lessons(course.root, args.lesson or None)
    for path in changed:
        _say(f"tulis   {path.relative_to(course.root)}")
    _say(f"{len(changed)} materi diperbarui: \"{reference_date().line}\", fakta lokal dan agenda "
         "(kuis: `egov-course quiz build`).")
    guide = agenda.guide_path(course.root)
    if guide.parent.is_dir():
        text = agenda.trainer_guide(agenda.load(course.root))
        if not guide.exists() or guide.read_text(encoding="utf-8") != text:
            guide.write_text(text, encoding="utf-8")
            _say(f"tulis   {guide.relative_to(course.root)}")
    return 0


# -- roster -----------------------------------------------------------------------------------
def cmd_roster_import(args) -> int:
    from .content import load_opd_list
    from .roster import import_learners, learners_in_gradebook, read_roster

    course = _course(args)
    learners = read_roster(args.file, load_opd_list(args.opd_file))
    synthetic = [r["student_id"] for r in learners_in_gradebook(course) if r["synthetic"]]
    if synthetic:
        raise EgovCourseError(
            f"Gradebook {course.db_url} berisi {len(synthetic)} peserta sintetis dari demo; peserta sungguhan tidak "
            "boleh dicampur. Kosongkan dulu dengan `make clean-run` atau pakai folder kursus lain (--course-dir).")
    result = import_learners(course, learners, prefix=args.pseudonym_prefix, dry_run=args.dry_run)
    if args.json:  # for `egov-course hub users`, which makes one Linux account per pseudonym
        print(json.dumps({"added": result.added, "updated": result.updated, "student_ids": result.student_ids}))
        return 0
    _say(f"Daftar peserta {args.file}: {len(learners)} peserta, {len(result.added)} baru, "
         f"{len(result.updated)} diperbarui, di gradebook {course.db_url}"
         + (" (uji coba: tidak ada yang disimpan)." if args.dry_run else "."))
    return 0


# -- gradebook --------------------------------------------------------------------------------
def cmd_gradebook_migrate(args) -> int:
    from .gradebook_db import migrate

    result = migrate(args.source or _course(args).db_url, args.to)
    _say(result.summary())
    return 0


# -- simulate ---------------------------------------------------------------------------------
def cmd_simulate(args) -> int:
    from .cohort import simulate

    course = _course(args)
    result = simulate(course, learners=args.learners, seed=args.seed, assignments=args.assignments or None,
                      opds=args.opds)
    _say(f"Kohort sintetis (seed {args.seed}): {len(result.learners)} peserta, {result.submitted} kiriman, "
         f"{result.missing} tidak mengumpulkan, {result.late} terlambat.")
    _say(f"  daftar peserta: {result.roster_path}\n  jawaban (kebenaran simulasi): {result.responses_path}")
    return 0


# -- grade / feedback -------------------------------------------------------------------------
def cmd_grade(args) -> int:
    course = _course(args)
    grade_and_report(course, args.assignments, args.student, args.workers, args.isolation, args.force)
    return 0  # every submission got a status; a run that cannot proceed raises instead


def grade_and_report(course: Course, assignments: list[str], students: str | None = None, workers: int | None = None,
                     isolation: str = "auto", force: bool = False):
    from tqdm import tqdm

    from .grading import grade, write_report

    total = sum(len(course.submissions(a)) for a in assignments)
    with tqdm(total=total, desc="Menilai", unit="kiriman", file=sys.stdout, disable=None) as bar:
        results = grade(course, assignments, students, workers=workers, isolation=isolation, force=force,
                        progress=lambda r: bar.update(1), warn=lambda message: bar.write(message, file=sys.stderr))
    for assignment in assignments:
        mine = [r for r in results if r.assignment == assignment]
        path = write_report(course, assignment, mine)
        _say(f"\n{assignment}: {len(mine)} peserta → {path}")
        _say(_status_table(mine))
        reused = sum(r.reused for r in mine)
        if reused:
            _say(f"({reused} kiriman tidak berubah sejak penilaian sebelumnya dan tidak dinilai ulang; --force untuk menilai ulang)")
        for r in mine:
            if r.status in ("failed", "graded_with_errors"):
                _say(f"  {'GAGAL' if r.status == 'failed' else 'GALAT'} {r.student_id}: {r.message}")
    return results


STATUS_LABELS = {"graded": "dinilai", "graded_with_errors": "dinilai dengan galat", "failed": "gagal",
                 "missing": "tidak mengumpulkan"}


def _status_table(results) -> str:
    """Count, mean score and mean seconds per status, as a small text table."""
    import pandas as pd

    frame = pd.DataFrame([{"status": r.status, "score": r.score, "max": r.max_score, "seconds": r.seconds}
                          for r in results], columns=["status", "score", "max", "seconds"])
    table = frame.groupby("status").agg(jumlah=("status", "size"), rata_nilai=("score", "mean"),
                                        nilai_maks=("max", "max"), rata_detik=("seconds", "mean"))
    table = table.reindex([s for s in STATUS_LABELS if s in table.index]).round(2)
    table.index = [STATUS_LABELS[s] for s in table.index]
    return table.rename(columns={"jumlah": "Jumlah", "rata_nilai": "Rata-rata nilai", "nilai_maks": "Nilai maks",
                                 "rata_detik": "Rata-rata detik"}).to_string(na_rep="-")


def cmd_feedback(args) -> int:
    from .grading import feedback

    course = _course(args)
    status = 0
    for assignment in args.assignments:
        done, failed = feedback(course, assignment, args.student)
        _say(f"{assignment}: umpan balik untuk {len(done)} peserta di {course.step_dir('feedback')}")
        for student, reason in failed.items():
            status = 1
            _say(f"  GAGAL {student}: {reason}")
    return status


# -- report -----------------------------------------------------------------------------------
def cmd_report(args) -> int:
    from .report import write_summary

    course = _course(args)
    summary = write_summary(course)
    _say(summary.to_text())
    _say(f"\nLaporan: {summary.html_path}\n         {summary.csv_path}")
    return 0


def cmd_dashboard(args) -> int:
    course = _course(args)
    run_dashboard(course, db_urls=args.db, roster=args.roster, out_dir=args.out, blueprint=args.blueprint,
                  threshold=args.threshold, k=args.k, target=args.target, learner_tables=args.learner_tables)
    return 0  # a failure is an EgovCourseError, which main() turns into exit code 2


def run_dashboard(course: Course, db_urls: list[str] | None = None, out_dir: Path | None = None, **options):
    """``egov-course dashboard``: run analytics/kompetensi_opd.ipynb and say where the files are."""
    from . import dashboard

    notebook = course.root / "analytics" / dashboard.NOTEBOOK_NAME
    options["blueprint"] = options.get("blueprint") or dashboard.default_blueprint(course.root)
    result = dashboard.build(db_urls or [course.db_url], out_dir or course.root / "reports",
                             notebook=notebook if notebook.is_file() else None, **options)
    _say(f"Dasbor kompetensi selesai dalam {result.seconds:.0f} detik:")
    _say(f"  {result.dashboard_html}   (buka dengan peramban)")
    for key in ("xlsx", "csv"):
        _say(f"  {result.files[key]}")
    charts = [p.name for k, p in result.files.items() if p.suffix == ".png"]
    _say(f"  grafik: {', '.join(charts)}")
    if "learners" in result.files:
        _say(f"  per peserta (pseudonim, hanya untuk pengajar): {result.files['learners']}")
    published = os.environ.get("EGOV_DASBOR_DIR")  # set on JupyterHub for the grader: the analysts' dasbor service
    if published and Path(published).is_dir():
        from .hub.dasbor import publish

        shown = [result.dashboard_html, *(p for k, p in result.files.items() if k != "learners")]
        publish(shown, Path(published))
        _say(f"  diterbitkan untuk analis (layanan dasbor): {published}")
    return result


# -- demo -------------------------------------------------------------------------------------
SYNTHETIC_ARTEFACTS = ("submitted", "feedback", "simulation", "reports")


def cmd_demo(args) -> int:
    from .cohort import check_course_is_synthetic, simulate
    from .report import write_summary

    course = _course(args)
    started = time.perf_counter()
    check_course_is_synthetic(course)  # never overwrite a course that holds real learners
    _reset_synthetic_run(course)

    _say("== 1/5 Rilis tugas dari source/ ==")
    assignments = course.source_assignments()
    if release(course, assignments):
        return 1
    _say(f"\n== 2/5 Kohort sintetis: {args.learners} peserta dari {args.opds} OPD (seed {args.seed}) ==")
    sim = simulate(course, learners=args.learners, seed=args.seed, opds=args.opds)
    _say(f"{sim.submitted} kiriman, {sim.missing} tidak mengumpulkan, {sim.late} terlambat")
    _say("\n== 3/5 Penilaian otomatis (nbgrader autograde) ==")
    grade_and_report(course, assignments)
    _say("\n== 4/5 Ringkasan per OPD ==")
    summary = write_summary(course)
    _say(summary.to_text())
    _say(f"Laporan: {summary.html_path}\n         {summary.csv_path}")
    _say("\n== 5/5 Dasbor kompetensi OPD (analytics/kompetensi_opd.ipynb) ==")
    run_dashboard(course)
    _say(f"\nSelesai dalam {time.perf_counter() - started:.0f} detik.")
    _say("Esai dinilai pengajar di formgrader (make lab → Nbgrader → Manage Assignments); "
         f"umpan balik: egov-course feedback {assignments[0]}")
    return 0


def _reset_synthetic_run(course: Course) -> None:
    """Remove what an earlier synthetic run left, so the demo is repeatable."""
    for name in SYNTHETIC_ARTEFACTS:
        shutil.rmtree(course.root / name, ignore_errors=True)
    autograded = course.step_dir("autograded")
    if autograded.is_dir():
        for child in autograded.iterdir():
            if child.is_dir():
                shutil.rmtree(child)
    db = course.root / "gradebook.db"
    if course.db_url == f"sqlite:///{db}":
        if db.exists():
            db.unlink()
    elif not course.db_url.startswith("sqlite"):  # a database server (PostgreSQL): empty the tables instead
        from .gradebook_db import clear_gradebook

        clear_gradebook(course.db_url)


# -- parser -----------------------------------------------------------------------------------
def build_parser() -> argparse.ArgumentParser:
    course_help = ("nbgrader course folder (default: the current folder if it has nbgrader_config.py, "
                   "else this repository)")
    common = argparse.ArgumentParser(add_help=False)
    # SUPPRESS: a value given before the command is not reset by the sub-command's default.
    common.add_argument("--course-dir", type=Path, default=argparse.SUPPRESS, help=course_help)
    parser = argparse.ArgumentParser(prog="egov-course", description=__doc__)
    parser.add_argument("--course-dir", type=Path, default=None, help=course_help)
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("release", parents=[common], help="generate release/ from source/ with nbgrader")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment in source/")
    p.set_defaults(func=cmd_release)

    quiz = sub.add_parser("quiz", help="the quiz bank: quizbank/*.yaml + blueprint.csv → source/")
    quiz_sub = quiz.add_subparsers(dest="quiz_command", required=True, metavar="ACTION")
    p = quiz_sub.add_parser("build", parents=[common], help="render source/<a>/<a>.ipynb from quizbank/")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment in the blueprint")
    p.add_argument("--check", action="store_true", help="only report notebooks that differ from quizbank/ (exit 1)")
    p.set_defaults(func=cmd_quiz_build)
    p = quiz_sub.add_parser("check", parents=[common],
                            help="blueprint vs source notebooks both ways, parallel pre/post forms, item table")
    p.set_defaults(func=cmd_quiz_check)
    p = quiz_sub.add_parser("rubric", parents=[common], help="the essays' mark schemes and model answers, for graders")
    p.add_argument("assignments", nargs="*", metavar="ASSIGNMENT", help="default: every assignment")
    p.add_argument("--out", type=Path, default=None, help="write Markdown to this file instead of printing it")
    p.set_defaults(func=cmd_quiz_rubric)

    content = sub.add_parser("content", help="the course content against the law in force on the reference date")
    content_sub = content.add_subparsers(dest="content_command", required=True, metavar="ACTION")
    p = content_sub.add_parser("check", parents=[common],
                               help="every cited Pasal per lesson, assignment and exercise with its fact, status and "
                                    "period in force; exit 1 on a superseded or UNVERIFIED key")
    p.add_argument("--out", type=Path, default=None, help="write the checklist (Markdown) here instead of printing it")
    p.set_defaults(func=cmd_content_check)
    p = content_sub.add_parser("stamp", parents=[common],
                               help="write the reference date (content/kursus.yaml), the local facts "
                                    "(content/fakta_lokal.yaml) and the agenda's JP and minutes (content/agenda.yaml) "
                                    "into the lessons; regenerate docs/panduan_pelatih.md")
    p.add_argument("--lesson", action="append", metavar="NN",
                   help="only this lesson (number prefix such as 03, or its name); repeatable; default: every lesson")
    p.set_defaults(func=cmd_content_stamp)

    roster = sub.add_parser("roster", help="learner rosters")
    roster_sub = roster.add_subparsers(dest="roster_command", required=True, metavar="ACTION")
    p = roster_sub.add_parser("import", parents=[common], help="validate a roster (CSV or .xlsx) and import it into the gradebook")
    p.add_argument("file", type=Path, help="CSV or Excel .xlsx with columns nip, nama, opd and optional email")
    p.add_argument("--opd-file", type=Path, default=None, help="YAML list of OPDs (default: the Kota Dumai list)")
    p.add_argument("--pseudonym-prefix", default=None, help="prefix of new pseudonyms (default: $EGOV_PSEUDONYM_PREFIX or asn-)")
    p.add_argument("--dry-run", action="store_true", help="check and tell the pseudonyms, write nothing")
    p.add_argument("--json", action="store_true", help="print the pseudonyms as JSON (NIP digits → student id)")
    p.set_defaults(func=cmd_roster_import)

    gradebook = sub.add_parser("gradebook", help="the gradebook database")
    gradebook_sub = gradebook.add_subparsers(dest="gradebook_command", required=True, metavar="ACTION")
    p = gradebook_sub.add_parser("migrate", parents=[common],
                                 help="copy an SQLite gradebook into an empty PostgreSQL database, then check every table's "
                                      "row count and every cell's score against the source")
    p.add_argument("--to", required=True, metavar="URL",
                   help="the empty PostgreSQL database, e.g. postgresql+psycopg://user:password@127.0.0.1:5432/gradebook")
    p.add_argument("--from", dest="source", default=None, metavar="URL",
                   help="the gradebook to copy: SQLAlchemy URL or sqlite file (default: the course's db_url)")
    p.set_defaults(func=cmd_gradebook_migrate)

    p = sub.add_parser("simulate", parents=[common], help="write a synthetic roster and submissions")
    p.add_argument("--learners", type=int, default=60)
    p.add_argument("--opds", type=int, default=None, help="draw learners from this many OPDs (default: every OPD)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--assignments", nargs="*", default=None, help="default: every released assignment")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("grade", parents=[common], help="autograde every submission of the assignments")
    p.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    p.add_argument("--student", default=None, metavar="GLOB", help="only learners whose id matches")
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="submissions graded at once (default: the number of cores)")
    p.add_argument("--isolation", choices=("auto", "on", "off"), default="auto",
                   help="run learner code in a bubblewrap sandbox: auto (when available, else warn), on (required), off")
    p.add_argument("--force", action="store_true", help="regrade submissions that did not change since the last run")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("feedback", parents=[common], help="HTML feedback for graded submissions")
    p.add_argument("assignments", nargs="+", metavar="ASSIGNMENT")
    p.add_argument("--student", default=None, metavar="GLOB")
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("report", parents=[common], help="summary per OPD under reports/")
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("dashboard", parents=[common],
                       help="competency dashboard per OPD: run analytics/kompetensi_opd.ipynb → reports/ (HTML, XLSX, CSV, PNG)")
    p.add_argument("--db", action="append", default=None, metavar="URL",
                   help="gradebook SQLAlchemy URL or sqlite file; repeat for several (default: the course's gradebook)")
    p.add_argument("--roster", type=Path, default=None, metavar="FILE",
                   help="roster CSV (nip, nama, opd or student_id, opd): OPD per learner and who was enrolled")
    p.add_argument("--blueprint", type=Path, default=None, metavar="FILE", help="item → competency (default: quizbank/blueprint.csv)")
    p.add_argument("--out", type=Path, default=None, metavar="DIR", help="output folder (default: reports/)")
    p.add_argument("--threshold", type=float, default=70.0, help="pass mark in percent (default 70)")
    p.add_argument("--k", type=int, default=5, help="hide OPD figures of fewer than k learners (default 5)")
    p.add_argument("--target", type=float, default=70.0, help="training priority below this mean percent (default 70)")
    p.add_argument("--learner-tables", action="store_true",
                   help="also write kompetensi_peserta_pseudonim.xlsx (per learner, pseudonyms only; for instructors)")
    p.set_defaults(func=cmd_dashboard)

    p = sub.add_parser("demo", parents=[common],
                       help="release → simulate → grade → summary per OPD → competency dashboard, on a synthetic cohort")
    p.add_argument("--learners", type=int, default=60)
    p.add_argument("--opds", type=int, default=8, help="OPDs the synthetic batch comes from (default 8)")
    p.add_argument("--seed", type=int, default=2026)
    p.set_defaults(func=cmd_demo)

    from .hub.commands import add_parser as add_hub_parser

    add_hub_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except EgovCourseError as exc:
        print(f"egov-course: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("egov-course: dihentikan.", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
