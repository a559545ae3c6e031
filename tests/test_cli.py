"""The demo end to end in a temporary copy of the course, checked against the simulator's own record."""

import pandas as pd
import pytest
from conftest import REPO

from egov_course.cli import main

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


def test_demo_grades_every_assignment_and_the_report_matches_the_simulation(course_dir, capsys):
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "5", "--seed", "5"]) == 0
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

    # A second demo in the same folder starts clean and gives the same report.
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "5", "--seed", "5"]) == 0
    pd.testing.assert_frame_equal(pd.read_csv(course_dir / "reports" / "ringkasan_opd.csv"), report)


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
