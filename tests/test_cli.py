"""The demo end to end in a temporary copy of the course, checked against the simulator's own record."""

import pandas as pd
import pytest
from conftest import REPO

from egov_course import dashboard
from egov_course.cli import main
from egov_course.quizbank import load_blueprint

pytestmark = pytest.mark.slow


def _expected_from_record(course_dir) -> pd.DataFrame:
    """Per OPD × assignment, recomputed from what the simulator wrote (never from the gradebook)."""
    sim = course_dir / "simulation"
    responses = pd.read_csv(sim / "responses.csv")
    learners = pd.read_csv(sim / "learners.csv")
    submissions = pd.read_csv(sim / "submissions.csv")
    items = responses[responses.kind == "line"]  # one-line answers: the autograded items
    per_learner = items.groupby(["student_id", "assignment"])[["points", "max_points"]].sum()
    per_learner["pct"] = 100 * per_learner["points"] / per_learner["max_points"]
    per_learner = per_learner.reset_index().merge(learners[["student_id", "opd"]], on="student_id")
    sent = submissions[submissions.status == "submitted"].merge(learners, on="student_id")
    enrolled = learners.groupby("opd").size()
    table = pd.DataFrame({
        "submitted": sent.groupby(["opd", "assignment"]).size(),
        "late": sent.groupby(["opd", "assignment"]).late.sum(),
        "mean_pct": per_learner.groupby(["opd", "assignment"]).pct.mean().round(1),
    })
    table["enrolled"] = table.index.get_level_values("opd").map(enrolled)
    return table


def _competency_from_record(course_dir, k: int, threshold: float = 70) -> pd.DataFrame:
    """OPD × competency as kompetensi_opd.csv lays it out, from the simulator's right and wrong answers only.

    Scored: one-line answers (points if right, else 0) and essays left blank (nbgrader scores an
    unchanged cell 0); essays written are waiting for a grader and count nowhere. Every
    assignment but the pre-test.
    """
    sim = course_dir / "simulation"
    responses = pd.read_csv(sim / "responses.csv", keep_default_na=False)
    learners = pd.read_csv(sim / "learners.csv")
    competency = {(r.assignment, r.grade_id): r.competency for r in load_blueprint(course_dir / "quizbank" / "blueprint.csv")}
    scored = responses[(responses.kind == "line") | ((responses.kind == "text") & (responses.answer == ""))]
    scored = scored[scored.assignment != "pretest"].copy()
    scored.loc[scored.kind == "text", "points"] = 0  # the record's essay outcome is what a grader would give later
    scored["competency"] = [competency[a, i] for a, i in zip(scored.assignment, scored["item"], strict=True)]
    per = scored.groupby(["student_id", "competency"])[["points", "max_points"]].sum().reset_index()
    per["pct"] = 100 * per.points / per.max_points
    per = per.merge(learners[["student_id", "opd"]], on="student_id")
    table = per.groupby(["opd", "competency"]).agg(n_learners=("pct", "size"), mean_pct=("pct", "mean"),
                                                   pass_rate=("pct", lambda p: 100 * (p >= threshold - 1e-9).mean()))
    table = table.reset_index()
    table["suppressed"] = table.n_learners < k
    table.loc[table.suppressed, ["mean_pct", "pass_rate"]] = float("nan")
    table[["mean_pct", "pass_rate"]] = table[["mean_pct", "pass_rate"]].round(1)
    return table[dashboard.CSV_COLUMNS].sort_values(["opd", "competency"]).reset_index(drop=True)


def test_demo_grades_every_assignment_and_the_report_matches_the_simulation(course_dir, capsys):
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "5", "--opds", "2", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "Laporan:" in out and "ringkasan_opd.html" in out and "Peserta" in out
    header = next(line for line in out.splitlines() if line.lstrip().startswith("Peserta"))
    assert header.split() == ["Peserta", "pre", "k01", "k02", "k03", "k04", "k05", "k06", "post"]
    assert "Per tugas:" in out
    report = pd.read_csv(course_dir / "reports" / "ringkasan_opd.csv")
    assignments = sorted(p.name for p in (REPO / "source").iterdir() if p.is_dir())
    assert len(assignments) == 8 and sorted(set(report.assignment)) == assignments
    got = report.set_index(["opd", "assignment"])[["enrolled", "submitted", "late", "mean_pct"]]
    expected = _expected_from_record(course_dir)
    submitted = got[got.submitted > 0]
    assert sorted(submitted.index) == sorted(expected.index)
    expected = expected.reindex(submitted.index)
    assert got.groupby(level="opd").enrolled.first().sum() == 5
    for column in ("enrolled", "submitted", "late"):
        pd.testing.assert_series_equal(submitted[column], expected[column].astype(int), check_names=False)
    pd.testing.assert_series_equal(submitted.mean_pct, expected.mean_pct, check_names=False)
    grading = pd.concat(pd.read_csv(course_dir / "autograded" / a / "grading_report.csv") for a in assignments)
    assert set(grading.status) <= {"graded", "missing"}, grading[~grading.status.isin(["graded", "missing"])]
    assert (grading.status == "graded").sum() == submitted.submitted.sum()
    html = (course_dir / "reports" / "ringkasan_opd.html").read_text(encoding="utf-8")
    assert "Ringkasan hasil per OPD" in html and "Rata-rata nilai otomatis" in html
    assert not any("asn-" in line for line in html.splitlines()), "the OPD report must not list learners"

    # The demo ends with the competency dashboard; its OPD × competency table is the simulator's record.
    assert "Dasbor kompetensi selesai" in out
    reports = course_dir / "reports"
    competency = pd.read_csv(reports / "kompetensi_opd.csv")
    pd.testing.assert_frame_equal(competency, _competency_from_record(course_dir, k=5), check_dtype=False)
    assert competency.n_learners.sum() > 0 and (competency.suppressed == (competency.n_learners < 5)).all()
    # Every figure, unsuppressed (k = 1), through the same code that writes the CSV.
    unsuppressed = dashboard.compute(f"sqlite:///{course_dir / 'gradebook.db'}", blueprint=course_dir / "quizbank" / "blueprint.csv",
                                     k=1).csv_frame()
    expected = _competency_from_record(course_dir, k=1)
    assert expected.mean_pct.notna().all() and expected.opd.nunique() == 2
    pd.testing.assert_frame_equal(unsuppressed, expected, check_dtype=False)
    assert (reports / "kompetensi_opd.html").is_file() and (reports / "kompetensi_opd.xlsx").is_file()


def test_a_second_demo_starts_from_a_clean_folder(course_dir):
    """What a demo wrote is removed before the next one (the same seed then gives the same files: test_cohort)."""
    from egov_course.cli import _reset_synthetic_run
    from egov_course.coursedir import Course

    course = Course(course_dir)
    for folder in ("submitted/asn-0001/pretest", "feedback/asn-0001", "simulation", "reports", "autograded/asn-0001/pretest"):
        (course_dir / folder).mkdir(parents=True)
        (course_dir / folder / "x.txt").write_text("dari demo sebelumnya", encoding="utf-8")
    (course_dir / "autograded" / "README.md").write_text("tetap", encoding="utf-8")
    (course_dir / "gradebook.db").write_bytes(b"")
    _reset_synthetic_run(course)
    assert not any((course_dir / f).exists() for f in ("submitted", "feedback", "simulation", "reports", "gradebook.db"))
    assert [p.name for p in (course_dir / "autograded").iterdir()] == ["README.md"]
    assert (course_dir / "source").is_dir() and (course_dir / "release").is_dir() and (course_dir / "analytics").is_dir()


def test_demo_refuses_a_course_with_real_learners(course_dir, write_csv, capsys):
    roster = write_csv("nip,nama,opd\n199002142015032007,Sari Wibowo,setda\n")
    assert main(["roster", "import", str(roster), "--course-dir", str(course_dir)]) == 0
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "3"]) == 2
    assert "peserta sungguhan" in capsys.readouterr().err
    assert (course_dir / "gradebook.db").exists(), "the real gradebook must be left alone"


def test_release_command(course_dir, capsys):
    import shutil

    shutil.rmtree(course_dir / "release")
    assert main(["release", "--course-dir", str(course_dir)]) == 0
    assert (course_dir / "release" / "pretest" / "pretest.ipynb").exists()
    assert "rilis   pretest" in capsys.readouterr().out
