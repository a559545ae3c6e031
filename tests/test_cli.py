"""The demo end to end in a temporary copy of the course, checked against the simulator's own record."""

import pandas as pd
import pytest

from egov_course.cli import main

pytestmark = pytest.mark.slow


def _expected_from_record(course_dir) -> pd.DataFrame:
    sim = course_dir / "simulation"
    responses = pd.read_csv(sim / "responses.csv")
    learners = pd.read_csv(sim / "learners.csv")
    submissions = pd.read_csv(sim / "submissions.csv")
    items = responses[responses.grade_id.str.endswith("_jawaban")]
    per_learner = items.groupby("student_id").correct.agg(["sum", "count"])
    per_learner["pct"] = 100 * per_learner["sum"] / per_learner["count"]
    per_learner = per_learner.join(learners.set_index("student_id").opd)
    sent = submissions[submissions.status == "submitted"].merge(learners, on="student_id")
    return pd.DataFrame({
        "enrolled": learners.groupby("opd").size(),
        "submitted": sent.groupby("opd").size(),
        "late": sent.groupby("opd").late.sum(),
        "mean_pct": per_learner.groupby("opd").pct.mean().round(1),
    }).fillna({"submitted": 0, "late": 0})


def test_demo_runs_end_to_end_and_the_report_matches_the_simulation(course_dir, capsys):
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "10", "--seed", "5"]) == 0
    out = capsys.readouterr().out
    assert "Laporan:" in out and "ringkasan_opd.html" in out and "Peserta" in out
    report = pd.read_csv(course_dir / "reports" / "ringkasan_opd.csv")
    assert set(report.assignment) == {"pretest"}
    got = report.set_index("opd")[["enrolled", "submitted", "late", "mean_pct"]]
    expected = _expected_from_record(course_dir).reindex(got.index)
    assert got.enrolled.sum() == 10
    pd.testing.assert_series_equal(got.enrolled, expected.enrolled.astype(int), check_names=False)
    pd.testing.assert_series_equal(got.submitted, expected.submitted.astype(int), check_names=False)
    pd.testing.assert_series_equal(got.late, expected.late.astype(int), check_names=False)
    pd.testing.assert_series_equal(got.mean_pct, expected.mean_pct, check_names=False)
    html = (course_dir / "reports" / "ringkasan_opd.html").read_text(encoding="utf-8")
    assert "Ringkasan hasil per OPD" in html and "Rata-rata nilai otomatis" in html
    assert not any("asn-" in line for line in html.splitlines()), "the OPD report must not list learners"

    # A second demo in the same folder starts clean and gives the same report.
    assert main(["demo", "--course-dir", str(course_dir), "--learners", "10", "--seed", "5"]) == 0
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
