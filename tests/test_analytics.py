"""Competency analytics on tiny hand-made frames, with the expected numbers worked out in comments.

Most tests build the frame ``load_cell_grades`` returns by hand (:func:`cell`); the loading tests
write small real gradebooks with nbgrader's ``Gradebook`` API.
"""

from __future__ import annotations

import datetime as dt
import logging
import math

import pandas as pd
import pytest
import sqlalchemy as sa
from conftest import REPO

from egov_course import analytics as an
from egov_course.errors import EgovCourseError
from egov_course.roster import PSEUDONYM_PREFIX, learner_table

pytestmark = pytest.mark.filterwarnings("ignore::sqlalchemy.exc.SAWarning")  # nbgrader's add_submission on SQLAlchemy 2
DUE = "2026-03-10 12:00"
ON_TIME = "2026-03-10 10:00"
LATE = "2026-03-10 13:30"


def cell(student, assignment, grade_id, score, max_score=1.0, *, essay=False, needs_manual=None, ts=ON_TIME, due=DUE):
    """One row as ``load_cell_grades`` returns it; an essay's score is a manual score (None = not graded yet)."""
    auto, manual = (None, score) if essay else (score, None)
    if needs_manual is None:
        needs_manual = score is None
    return {"student_id": student, "assignment": assignment, "notebook": assignment, "grade_id": grade_id,
            "cell_type": "markdown" if essay else "code", "max_score": float(max_score), "auto_score": auto,
            "manual_score": manual, "needs_manual_grade": needs_manual, "timestamp": pd.Timestamp(ts),
            "duedate": pd.Timestamp(due), "autograded": not essay, "score": manual if manual is not None else auto}


def cells(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def learners(**opd_of) -> pd.DataFrame:
    """learners(asn_0001="DISKOMINFO") → student_id asn-0001 in that OPD."""
    return pd.DataFrame({"student_id": [k.replace("_", "-") for k in opd_of], "opd": list(opd_of.values())})


def blueprint(*rows) -> pd.DataFrame:
    """(assignment, grade_id, competency[, format]) rows."""
    return pd.DataFrame([(*r, "pilihan")[:4] for r in rows], columns=["assignment", "grade_id", "competency", "format"])


def approx_frame(frame: pd.DataFrame, expected: list[dict]) -> None:
    got = frame.to_dict("records")
    assert len(got) == len(expected), got
    for row, want in zip(got, expected, strict=True):
        for key, value in want.items():
            if isinstance(value, float) and math.isnan(value):
                assert math.isnan(row[key]), (key, row)
            elif isinstance(value, float):
                assert row[key] == pytest.approx(value), (key, row)
            else:
                assert row[key] == value, (key, row)


# ---------------------------------------------------------------------------------------------
# tidy and pending essays
# ---------------------------------------------------------------------------------------------
BP = blueprint(("posttest", "q1", "kompA"), ("posttest", "q2", "kompA"), ("posttest", "q3", "kompB"),
               ("posttest", "esai", "kompB", "uraian"), ("pretest", "p1", "kompA"), ("pretest", "esai_pre", "kompB", "uraian"))


def test_tidy_joins_opd_and_competency_and_marks_pending_essays():
    frame = an.tidy(cells(cell("asn-0001", "posttest", "q1", 1), cell("asn-0001", "posttest", "esai", None, 4, essay=True),
                          cell("asn-0009", "posttest", "q1", 0)),
                    learners(asn_0001="DISKOMINFO"), BP)
    assert set(an.TIDY_COLUMNS) <= set(frame.columns)
    rows = frame.set_index(["learner", "grade_id"])
    assert rows.loc[("asn-0001", "q1"), "competency"] == "kompA"
    assert rows.loc[("asn-0001", "esai"), ["competency", "format", "pending"]].tolist() == ["kompB", "uraian", True]
    assert not rows.loc[("asn-0001", "q1"), "pending"]
    assert rows.loc[("asn-0009", "q1"), "opd"] == an.NO_OPD  # not in the learners frame
    assert (frame["source"] == "gradebook").all() and (frame["learner"] == frame["student_id"]).all()


def test_a_pending_essay_counts_in_neither_points_nor_maximum():
    frame = an.tidy(cells(
        # asn-0001: q3 right, essay not graded yet → kompB = 1 / 1 = 100 % (as a 0 it would be 1 / 5 = 20 %)
        cell("asn-0001", "posttest", "q3", 1), cell("asn-0001", "posttest", "esai", None, 4, essay=True),
        # asn-0002: q3 wrong, essay graded 2 of 4 → kompB = (0 + 2) / (1 + 4) = 40 %
        cell("asn-0002", "posttest", "q3", 0), cell("asn-0002", "posttest", "esai", 2, 4, essay=True),
        # asn-0003: autograded score but still flagged for manual grading, no manual score → pending too
        cell("asn-0003", "posttest", "q3", 1), cell("asn-0003", "posttest", "q1", 1, needs_manual=True),
    ), learners(asn_0001="A", asn_0002="A", asn_0003="A"), BP)
    table = an.learner_competency(frame).set_index(["learner", "competency"])
    assert table.loc[("asn-0001", "kompB"), ["score", "max_score", "pct", "n_items", "pending"]].tolist() == [1, 1, 100, 1, 1]
    assert table.loc[("asn-0002", "kompB"), ["score", "max_score", "pct", "pending"]].tolist() == [2, 5, 40, 0]
    # asn-0003's only kompA cell is pending: the learner has no percent there, and is not counted for it
    assert math.isnan(table.loc[("asn-0003", "kompA"), "pct"]) and table.loc[("asn-0003", "kompA"), "pending"] == 1
    opd = an.opd_competency(frame, k=1).set_index("competency")
    assert "kompA" not in opd.index  # nobody has a graded kompA cell
    assert opd.loc["kompB", "n_learners"] == 3


def test_learner_percent_is_weighted_by_points_and_can_be_filtered_by_assignment():
    frame = an.tidy(cells(cell("asn-0001", "posttest", "q1", 1, 1), cell("asn-0001", "posttest", "q2", 1, 2),
                          cell("asn-0001", "pretest", "p1", 0, 1)),
                    learners(asn_0001="A"), BP)
    table = an.learner_competency(frame).set_index(["learner", "competency"])
    # all assignments: (1 + 1 + 0) / (1 + 2 + 1) = 2 / 4 = 50 % (not the mean of 100, 50 and 0 %)
    assert table.loc[("asn-0001", "kompA"), "pct"] == pytest.approx(50.0)
    post = an.learner_competency(frame, assignments=["posttest"]).set_index("competency")
    # posttest only: (1 + 1) / (1 + 2) = 66.67 %
    assert post.loc["kompA", "pct"] == pytest.approx(200 / 3)
    assert post["learner"].str.startswith(PSEUDONYM_PREFIX).all()


def test_cells_unknown_to_the_blueprint_are_kept_and_reported(caplog):
    raw = cells(cell("asn-0001", "posttest", "q1", 1), cell("asn-0001", "posttest", "bonus", 1),
                cell("asn-0002", "posttest", "bonus", 0))
    with caplog.at_level(logging.WARNING, logger="egov_course.analytics"):
        frame = an.tidy(raw, learners(asn_0001="A", asn_0002="A"), BP)
    assert len(frame) == 3
    assert (frame.loc[frame.grade_id == "bonus", "competency"] == an.NO_COMPETENCY).all()
    assert "posttest/bonus" in caplog.text and an.NO_COMPETENCY in caplog.text
    assert an.unmapped_cells(frame).to_dict("records") == [{"assignment": "posttest", "grade_id": "bonus", "n_rows": 2}]


def test_tidy_reads_the_course_blueprint():
    rows = an.tidy(cells(cell("asn-0001", "pretest", "spbe_definisi", 1),
                         cell("asn-0001", "pretest", "esai_permintaan_informasi", 3, 4, essay=True)),
                   learners(asn_0001="A"), REPO / "quizbank" / "blueprint.csv").set_index("grade_id")
    assert rows.loc["spbe_definisi", "competency"] == "konsep_spbe"
    assert rows.loc["esai_permintaan_informasi", ["competency", "format"]].tolist() == ["keterbukaan_informasi", "uraian"]


# ---------------------------------------------------------------------------------------------
# OPD × competency: threshold and suppression
# ---------------------------------------------------------------------------------------------
def _threshold_frame():
    # one 10-point kompA item, so percent = 10 × score
    marks = {"asn-0001": 7, "asn-0002": 6.9, "asn-0003": 10, "asn-0004": 5, "asn-0005": 9}
    rows = [cell(sid, "posttest", "q1", score, 10) for sid, score in marks.items()]
    rows.append(cell("asn-0001", "pretest", "p1", 0, 10))  # left out by default: it would pull asn-0001 to 35 %
    return an.tidy(cells(*rows), learners(asn_0001="DISKOMINFO", asn_0002="DISKOMINFO", asn_0003="DISKOMINFO",
                                          asn_0004="BAPPEDA", asn_0005="BAPPEDA"), BP)


def test_opd_competency_pass_rate_counts_the_exact_threshold_and_suppresses_below_k():
    table = an.opd_competency(_threshold_frame(), threshold=70, k=3)
    assert list(table.columns) == an.OPD_COMPETENCY_COLUMNS
    approx_frame(table, [
        # BAPPEDA: n = 2 = k − 1 → suppressed, only the count stays
        {"opd": "BAPPEDA", "competency": "kompA", "n_learners": 2, "mean_pct": math.nan, "median_pct": math.nan,
         "pass_rate": math.nan, "suppressed": True},
        # DISKOMINFO: 70, 69, 100 → mean 239 / 3 = 79.67, median 70; 70 ≥ 70 passes, 69 does not → 2 / 3 = 66.67 %
        {"opd": "DISKOMINFO", "competency": "kompA", "n_learners": 3, "mean_pct": 239 / 3, "median_pct": 70.0,
         "pass_rate": 200 / 3, "suppressed": False},
    ])


def test_opd_competency_k_equal_to_n_is_shown_and_assignments_can_be_chosen():
    table = an.opd_competency(_threshold_frame(), threshold=70, k=2).set_index("opd")
    # BAPPEDA: n = 2 = k → shown: 50 and 90 → mean 70, median 70, pass 1 / 2 = 50 %
    assert not table.loc["BAPPEDA", "suppressed"]
    assert table.loc["BAPPEDA", ["mean_pct", "median_pct", "pass_rate"]].tolist() == pytest.approx([70, 70, 50])
    both = an.opd_competency(_threshold_frame(), threshold=70, k=2, assignments=["pretest", "posttest"]).set_index("opd")
    # with the pre-test asn-0001 has (7 + 0) / 20 = 35 %: DISKOMINFO mean (35 + 69 + 100) / 3 = 68, pass 1 / 3
    assert both.loc["DISKOMINFO", ["mean_pct", "pass_rate"]].tolist() == pytest.approx([68, 100 / 3])


def test_a_percent_a_hair_below_the_threshold_by_float_rounding_passes():
    # three 1-point items with partial credit 0.7: 0.7 + 0.7 + 0.7 = 2.0999999999999996 in floating point,
    # so the percent is 69.99999999999999; it is 70 % and passes
    bp = blueprint(*[("posttest", f"q{i}", "kompA") for i in (1, 2, 3)])
    frame = an.tidy(cells(*[cell(sid, "posttest", f"q{i}", 0.7) for sid in ("asn-0001", "asn-0002") for i in (1, 2, 3)]),
                    learners(asn_0001="A", asn_0002="A"), bp)
    pct = an.learner_competency(frame)["pct"]
    assert (pct < 70).all() and pct.tolist() == pytest.approx([70, 70])
    assert an.opd_competency(frame, threshold=70, k=1)["pass_rate"].tolist() == [100.0]


def test_empty_gradebook_gives_empty_tables_with_their_columns():
    frame = an.tidy(pd.DataFrame([cell("x", "posttest", "q1", 1)]).iloc[0:0], learners(asn_0001="A"), BP)
    assert list(an.opd_competency(frame).columns) == an.OPD_COMPETENCY_COLUMNS
    assert an.opd_competency(frame).empty and an.gain(frame).empty and an.item_analysis(frame).empty


# ---------------------------------------------------------------------------------------------
# Priorities
# ---------------------------------------------------------------------------------------------
def _opd_comp():
    rows = [("A", "kompA", 5, 50.0, 20.0, False), ("A", "kompB", 5, 80.0, 100.0, False),
            ("B", "kompA", 2, math.nan, math.nan, True), ("B", "kompB", 6, 65.0, 50.0, False),
            ("C", "kompA", 5, 65.0, 40.0, False), ("C", an.NO_COMPETENCY, 5, 10.0, 0.0, False),
            ("C", "kompB", 5, 70.0, 60.0, False)]
    return pd.DataFrame([(o, c, n, m, m, p, s) for o, c, n, m, p, s in rows], columns=an.OPD_COMPETENCY_COLUMNS)


def test_priorities_rank_by_gap_below_target():
    table = an.priorities(_opd_comp(), target=70)
    # mean below 70, not suppressed, a real competency: A/kompA gap 20, then B/kompB and C/kompA gap 5 (ties by OPD);
    # C/kompB at exactly 70 is not below target
    assert table[["rank", "opd", "competency", "gap"]].values.tolist() == [
        [1, "A", "kompA", 20.0], [2, "B", "kompB", 5.0], [3, "C", "kompA", 5.0]]


def test_priorities_by_pass_rate():
    table = an.priorities(_opd_comp(), target=70, by="pass_rate")
    # pass rates below 70: A/kompA 20 → gap 50, C/kompA 40 → 30, B/kompB 50 → 20, C/kompB 60 → 10
    assert table[["opd", "competency", "gap"]].values.tolist() == [
        ["A", "kompA", 50.0], ["C", "kompA", 30.0], ["B", "kompB", 20.0], ["C", "kompB", 10.0]]
    with pytest.raises(EgovCourseError, match="mean_pct"):
        an.priorities(_opd_comp(), by="median")


# ---------------------------------------------------------------------------------------------
# Participation
# ---------------------------------------------------------------------------------------------
def test_participation_counts_learners_without_submissions_and_late_ones():
    raw = cells(cell("asn-0001", "pretest", "p1", 1), cell("asn-0002", "pretest", "p1", 0, ts=LATE),
                cell("asn-0004", "pretest", "p1", 1), cell("asn-0001", "posttest", "q1", 1))
    # asn-0003 (B) submitted nothing at all: enrolled everywhere, missing everywhere
    table = an.participation(raw, learners(asn_0001="A", asn_0002="A", asn_0003="B", asn_0004="B"))
    assert table.values.tolist() == [
        # opd, assignment, enrolled, submitted, missing, late
        ["A", "posttest", 2, 1, 1, 0],
        ["B", "posttest", 2, 0, 2, 0],
        ["A", "pretest", 2, 2, 0, 1],  # asn-0002 submitted 13:30, due 12:00
        ["B", "pretest", 2, 1, 1, 0],
    ]


# ---------------------------------------------------------------------------------------------
# Pre-test → post-test
# ---------------------------------------------------------------------------------------------
def _gain_frame():
    # one 10-point item per test: percent = 10 × score
    marks = {"asn-0001": (4, 7), "asn-0002": (10, 9), "asn-0003": (5, 5), "asn-0004": (6, None), "asn-0005": (8, 6)}
    rows = []
    for sid, (pre, post) in marks.items():
        rows.append(cell(sid, "pretest", "p1", pre, 10))
        if post is not None:
            rows.append(cell(sid, "posttest", "q1", post, 10))
    return an.tidy(cells(*rows), learners(asn_0001="X", asn_0002="X", asn_0003="X", asn_0004="X", asn_0005="Y"), BP)


def test_gain_per_learner():
    approx_frame(an.gain(_gain_frame()), [
        {"learner": "asn-0001", "opd": "X", "pre_pct": 40.0, "post_pct": 70.0, "gain": 0.5},  # (70 − 40) / (100 − 40)
        {"learner": "asn-0002", "opd": "X", "pre_pct": 100.0, "post_pct": 90.0, "gain": math.nan},  # no room to gain
        {"learner": "asn-0003", "opd": "X", "pre_pct": 50.0, "post_pct": 50.0, "gain": 0.0},
        # asn-0004 has no post-test: left out
        {"learner": "asn-0005", "opd": "Y", "pre_pct": 80.0, "post_pct": 60.0, "gain": -1.0},  # (60 − 80) / (100 − 80)
    ])


def test_gain_can_leave_essays_out():
    # asn-0001: pre-test q 5/10 and essay 4/4 graded → (5 + 4) / 14 = 64.29 %; post-test q 8/10, essay pending → 80 %
    frame = an.tidy(cells(cell("asn-0001", "pretest", "p1", 5, 10), cell("asn-0001", "pretest", "esai_pre", 4, 4, essay=True),
                          cell("asn-0001", "posttest", "q1", 8, 10), cell("asn-0001", "posttest", "esai", None, 4, essay=True)),
                    learners(asn_0001="X"), BP)
    assert an.gain(frame)[["pre_pct", "post_pct"]].values.tolist() == [pytest.approx([900 / 14, 80])]
    # autograded only: 50 % → 80 %, g = 30 / 50 = .6
    assert an.gain(frame, autograded_only=True)[["pre_pct", "post_pct", "gain"]].values.tolist() == [
        pytest.approx([50, 80, 0.6])]


def test_opd_gain_is_the_gain_of_the_means_and_suppressed_below_k():
    gains = an.gain(_gain_frame())
    # X: mean pre (40 + 100 + 50) / 3 = 63.33, mean post (70 + 90 + 50) / 3 = 70
    #    ⟨g⟩ = (70 − 190/3) / (100 − 190/3) = (20/3) / (110/3) = 2/11 = 0.1818 (asn-0002 at 100 % still counts)
    approx_frame(an.opd_gain(gains, k=3), [
        {"opd": "X", "n": 3, "mean_pre": 190 / 3, "mean_post": 70.0, "gain": 2 / 11, "suppressed": False},
        {"opd": "Y", "n": 1, "mean_pre": math.nan, "mean_post": math.nan, "gain": math.nan, "suppressed": True},
    ])
    assert an.opd_gain(gains, k=4).set_index("opd").loc["X", "suppressed"]  # n = 3 = k − 1


# ---------------------------------------------------------------------------------------------
# Items and reliability
# ---------------------------------------------------------------------------------------------
# right/wrong matrix of one quiz: q4 is answered right by everyone
#            q1 q2 q3 q4   total
#   asn-0001  1  1  1  1    4
#   asn-0002  1  1  0  1    3
#   asn-0003  1  0  0  1    2
#   asn-0004  1  1  0  1    3
#   asn-0005  0  0  0  1    1
DICHOTOMOUS = {"asn-0001": (1, 1, 1, 1), "asn-0002": (1, 1, 0, 1), "asn-0003": (1, 0, 0, 1),
               "asn-0004": (1, 1, 0, 1), "asn-0005": (0, 0, 0, 1)}


def _dichotomous_frame():
    rows = [cell(sid, "kuis", f"q{i + 1}", score) for sid, scores in DICHOTOMOUS.items() for i, score in enumerate(scores)]
    return an.tidy(cells(*rows), learners(asn_0001="A"), blueprint(*[("kuis", f"q{i}", "kompA") for i in range(1, 5)]))


def test_item_difficulty_and_corrected_item_rest_correlation():
    table = an.item_analysis(_dichotomous_frame()).set_index("grade_id")
    assert table["difficulty"].tolist() == pytest.approx([0.8, 0.6, 0.2, 1.0])
    assert table["n"].tolist() == [5, 5, 5, 5]
    # q1: x = 1 1 1 1 0 (mean .8), rest = q2+q3+q4 = 3 2 1 2 1 (mean 1.8)
    #     dx = .2 .2 .2 .2 −.8, dy = 1.2 .2 −.8 .2 −.8; Σdx·dy = .24+.04−.16+.04+.64 = .8
    #     Σdx² = .8, Σdy² = 1.44+.04+.64+.04+.64 = 2.8 → r = .8 / √(.8 · 2.8) = √(2/7) = 0.5345
    #     (q4 adds 1 to every rest score, which does not change r)
    # q2: x = 1 1 0 1 0 (mean .6), rest = q1+q3+q4 = 3 2 2 2 1 (mean 2)
    #     dx = .4 .4 −.6 .4 −.6, dy = 1 0 0 0 −1; Σdx·dy = .4+.6 = 1; Σdx² = 1.2, Σdy² = 2 → r = 1 / √2.4 = 0.6455
    # q3: x = 1 0 0 0 0 (mean .2), rest = q1+q2+q4 = 3 3 2 3 1 (mean 2.4)
    #     dx = .8 −.2 −.2 −.2 −.2, dy = .6 .6 −.4 .6 −1.4; Σdx·dy = .48−.12+.08−.12+.28 = .6
    #     Σdx² = .8, Σdy² = .36+.36+.16+.36+1.96 = 3.2 → r = .6 / √2.56 = .375
    # q4: does not vary → NaN
    assert table.loc[["q1", "q2", "q3"], "discrimination"].tolist() == pytest.approx(
        [math.sqrt(2 / 7), 1 / math.sqrt(2.4), 0.375])
    assert math.isnan(table.loc["q4", "discrimination"])
    # default thresholds: q4 p = 1 > .9 is too easy; q3 p = .2 is not below .2; NaN discrimination raises no flag
    assert table["issues"].tolist() == ["", "", "", "terlalu_mudah"]


def test_item_flags_follow_their_thresholds():
    table = an.item_analysis(_dichotomous_frame(), easy=0.75, hard=0.25, min_discrimination=0.4).set_index("grade_id")
    assert table["issues"].to_dict() == {"q1": "terlalu_mudah", "q2": "", "q3": "terlalu_sulit, tidak_membedakan",
                                        "q4": "terlalu_mudah"}
    assert table["tidak_membedakan"].tolist() == [False, False, True, False]


def test_kr20_on_a_dichotomous_quiz():
    # p = .8 .6 .2 1 → Σpq = .16 + .24 + .16 + 0 = .56
    # totals 4 3 2 3 1, mean 2.6, deviations 1.4 .4 −.6 .4 −1.6 → Σ² = 1.96+.16+.36+.16+2.56 = 5.2, σ² = 5.2 / 5 = 1.04
    # KR-20 = 4/3 · (1 − .56 / 1.04) = 4/3 · .48 / 1.04 = .64 / 1.04 = 8/13 = 0.6154
    table = an.reliability(_dichotomous_frame())
    assert table.to_dict("records") == [{"assignment": "kuis", "n_learners": 5, "n_items": 4, "method": "KR-20",
                                         "reliability": pytest.approx(8 / 13)}]


def test_a_dichotomous_quiz_with_a_two_point_item_is_kr20_on_points():
    #            x (2 points, all or nothing)  y (1 point)  total
    #   asn-0001  2                             1            3
    #   asn-0002  2                             1            3
    #   asn-0003  0                             0            0
    #   asn-0004  2                             0            2
    # σ²_x = 2² · .75 · .25 = .75, σ²_y = .5 · .5 = .25; totals mean 2, deviations 1 1 −2 0 → σ² = 6 / 4 = 1.5
    # KR-20 on points = 2/1 · (1 − (.75 + .25) / 1.5) = 2/3 (on right/wrong it would be 0.727)
    marks = {"asn-0001": (2, 1), "asn-0002": (2, 1), "asn-0003": (0, 0), "asn-0004": (2, 0)}
    rows = [r for sid, (x, y) in marks.items() for r in (cell(sid, "kuis", "x", x, 2), cell(sid, "kuis", "y", y, 1))]
    frame = an.tidy(cells(*rows), learners(asn_0001="A"), blueprint(("kuis", "x", "kompA"), ("kuis", "y", "kompA")))
    assert an.reliability(frame).to_dict("records") == [{"assignment": "kuis", "n_learners": 4, "n_items": 2,
                                                         "method": "KR-20", "reliability": pytest.approx(2 / 3)}]


def _partial_credit_frame():
    # a: 2-point item with partial credit, b: 1 point, esai: 4 points, asn-0004's not graded yet
    #            a  b  esai
    #   asn-0001 2  1  4
    #   asn-0002 1  1  2
    #   asn-0003 1  0  2
    #   asn-0004 0  0  (pending)
    marks = {"asn-0001": (2, 1, 4), "asn-0002": (1, 1, 2), "asn-0003": (1, 0, 2), "asn-0004": (0, 0, None)}
    rows = []
    for sid, (a, b, esai) in marks.items():
        rows += [cell(sid, "kuis", "a", a, 2), cell(sid, "kuis", "b", b, 1), cell(sid, "kuis", "esai", esai, 4, essay=True)]
    bp = blueprint(("kuis", "a", "kompA"), ("kuis", "b", "kompA"), ("kuis", "esai", "kompB", "uraian"))
    return an.tidy(cells(*rows), learners(asn_0001="A"), bp)


def test_alpha_uses_the_complete_items_and_every_submitter():
    # esai is pending for asn-0004, so the matrix is a and b for all four learners
    # var a: 2 1 1 0, mean 1 → (1+0+0+1) / 4 = .5; var b: 1 1 0 0, mean .5 → 4 · .25 / 4 = .25
    # totals 3 2 1 0, mean 1.5 → (2.25+.25+.25+2.25) / 4 = 1.25
    # alpha = 2/1 · (1 − (.5 + .25) / 1.25) = 2 · .4 = 0.8
    table = an.reliability(_partial_credit_frame())
    assert table.to_dict("records") == [{"assignment": "kuis", "n_learners": 4, "n_items": 2, "method": "alpha",
                                         "reliability": pytest.approx(0.8)}]


def test_item_analysis_with_partial_credit_and_a_pending_essay():
    table = an.item_analysis(_partial_credit_frame()).set_index("grade_id")
    assert table.loc[["a", "b", "esai"], "n"].tolist() == [4, 4, 3]
    assert table.loc[["a", "b", "esai"], "complete"].tolist() == [True, True, False]
    # difficulty a = (1 + .5 + .5 + 0) / 4 = .5; b = 2 / 4 = .5; esai = (1 + .5 + .5) / 3 = 2/3 (pending not a 0)
    assert table.loc[["a", "b", "esai"], "difficulty"].tolist() == pytest.approx([0.5, 0.5, 2 / 3])
    # a vs rest b: x = 2 1 1 0, y = 1 1 0 0 → dx = 1 0 0 −1, dy = .5 .5 −.5 −.5 → Σdx·dy = 1, Σdx² = 2, Σdy² = 1 → 1/√2
    # esai vs rest a+b over the three graded: x = 4 2 2, y = 3 2 1 → dx = 4/3 −2/3 −2/3, dy = 1 0 −1
    #   Σdx·dy = 4/3 + 2/3 = 2, Σdx² = 24/9, Σdy² = 2 → r = 2 / √(48/9) = √3 / 2 = 0.866
    assert table.loc["a", "discrimination"] == pytest.approx(1 / math.sqrt(2))
    assert table.loc["b", "discrimination"] == pytest.approx(1 / math.sqrt(2))  # symmetric with two items
    assert table.loc["esai", "discrimination"] == pytest.approx(math.sqrt(3) / 2)
    assert not table.loc["esai", "autograded"] and table.loc["esai", "competency"] == "kompB"
    assert table.loc[["a", "b", "esai"], "graded_share"].tolist() == [1.0, 1.0, 0.75]
    # 3 of 4 graded is below the default 80 %: no quality verdict on the essay yet
    assert table.loc["esai", "issues"] == "belum_dinilai" and not table.loc["esai", "terlalu_mudah"]
    lenient = an.item_analysis(_partial_credit_frame(), min_graded=0.75, easy=0.6).set_index("grade_id")
    assert lenient.loc["esai", "issues"] == "terlalu_mudah"  # p = 2/3 > .6 once 75 % graded is enough


def test_an_essay_graded_only_where_left_blank_is_not_called_too_hard():
    # Five submitters; the two blank essays were scored 0 by nbgrader, three written ones wait for a grader.
    rows = [cell(f"asn-000{i}", "kuis", "q", i % 2) for i in range(1, 6)]
    rows += [cell(f"asn-000{i}", "kuis", "esai", 0 if i <= 2 else None, 4, essay=True) for i in range(1, 6)]
    frame = an.tidy(cells(*rows), learners(asn_0001="A"), blueprint(("kuis", "q", "kompA"), ("kuis", "esai", "kompA")))
    item = an.item_analysis(frame).set_index("grade_id").loc["esai"]
    assert (item["n"], item["difficulty"], item["graded_share"]) == (2, 0.0, 0.4)
    assert item["issues"] == "belum_dinilai" and not item["terlalu_sulit"]


# ---------------------------------------------------------------------------------------------
# Privacy
# ---------------------------------------------------------------------------------------------
def test_opd_tables_carry_no_learner_column():
    frame = _gain_frame()
    raw = cells(cell("asn-0001", "pretest", "p1", 1))
    for table in (an.opd_competency(frame, k=1), an.opd_gain(an.gain(frame), k=1), an.participation(raw, learners(asn_0001="A")),
                  an.priorities(an.opd_competency(frame, k=1), target=101)):
        assert not set(table.columns) & set(an.LEARNER_COLUMNS), table.columns
    with pytest.raises(EgovCourseError, match="student_id"):
        an.check_aggregate(pd.DataFrame({"opd": ["A"], "student_id": ["asn-0001"]}))
    with pytest.raises(EgovCourseError, match="nip"):
        an.check_pseudonymous(pd.DataFrame({"learner": ["asn-0001"], "nip": ["199001012015031001"]}))


# ---------------------------------------------------------------------------------------------
# Loading real gradebooks, one or several
# ---------------------------------------------------------------------------------------------
def make_gradebook(path, opd_of: dict[str, str], marks: dict[str, tuple]) -> str:
    """A posttest gradebook: q1 (autograded, 1 point, kompA) and esai (manual, 4 points, kompB).

    ``marks``: student → (q1, esai or None when not graded yet, submitted late?).
    """
    from nbgrader.api import Base, Gradebook

    url = f"sqlite:///{path}"
    engine = sa.create_engine(url)
    Base.metadata.create_all(engine)  # nbgrader's schema without running its `alembic` command
    table = learner_table()
    table.create(engine)
    with engine.begin() as conn:
        for n, (sid, opd) in enumerate(opd_of.items()):
            conn.execute(sa.insert(table).values(student_id=sid, nip=f"{n:018d}", opd=opd, synthetic=True,
                                                 imported_at=dt.datetime(2026, 3, 1)))
    engine.dispose()
    with Gradebook(url) as gb:
        gb.add_assignment("posttest", duedate=DUE)
        gb.add_notebook("posttest", "posttest")
        gb.add_grade_cell("q1", "posttest", "posttest", max_score=1, cell_type="code")
        gb.add_grade_cell("esai", "posttest", "posttest", max_score=4, cell_type="markdown")
        gb.add_solution_cell("esai", "posttest", "posttest")
        for sid in opd_of:
            gb.add_student(sid)
        for sid, (q1, esai, late) in marks.items():
            gb.add_submission("posttest", sid, timestamp=LATE if late else ON_TIME)
            auto = gb.find_grade("q1", "posttest", "posttest", sid)
            auto.auto_score, auto.needs_manual_grade = q1, False
            essay = gb.find_grade("esai", "posttest", "posttest", sid)
            essay.manual_score, essay.needs_manual_grade = esai, esai is None
        gb.db.commit()
    return url


GRADEBOOK_BP = blueprint(("posttest", "q1", "kompA"), ("posttest", "esai", "kompB", "uraian"))


@pytest.fixture(scope="module")
def two_gradebooks(tmp_path_factory):
    """Two Bimtek batches; both number their learners from asn-0001. Tests only read them."""
    folder = tmp_path_factory.mktemp("gradebooks")
    maret = make_gradebook(folder / "bimtek_maret.db", {"asn-0001": "DISKOMINFO", "asn-0002": "BAPPEDA"},
                           {"asn-0001": (1, 3, False), "asn-0002": (0, None, True)})
    april = make_gradebook(folder / "bimtek_april.db", {"asn-0001": "DISKOMINFO", "asn-0002": "DISKOMINFO"},
                           {"asn-0001": (1, 4, False)})  # april's asn-0002 submitted nothing
    return maret, april



def test_one_gradebook_keeps_student_ids_as_learner_keys(two_gradebooks):
    maret, _ = two_gradebooks
    grades = an.load_cell_grades(maret)
    assert set(grades["source"]) == {"bimtek_maret"}
    assert (grades["learner"] == grades["student_id"]).all()
    assert len(grades) == 4 and grades.loc[grades.grade_id == "q1", "autograded"].all()
    assert not grades.loc[grades.grade_id == "esai", "autograded"].any()
    people = an.load_learners(maret)
    assert people[["learner", "opd"]].values.tolist() == [["asn-0001", "DISKOMINFO"], ["asn-0002", "BAPPEDA"]]
    summary = an.opd_summary(grades, people)  # the report's table still works
    assert summary.set_index("opd").loc["BAPPEDA", ["enrolled", "submitted", "late", "essays_pending"]].tolist() == [1, 1, 1, 1]


def test_two_gradebooks_with_colliding_student_ids(two_gradebooks):
    maret, april = two_gradebooks
    grades, people = an.load_cell_grades([maret, april]), an.load_learners([maret, april])
    assert sorted(people["learner"]) == ["bimtek_april/asn-0001", "bimtek_april/asn-0002",
                                         "bimtek_maret/asn-0001", "bimtek_maret/asn-0002"]
    assert sorted(grades["learner"].unique()) == ["bimtek_april/asn-0001", "bimtek_maret/asn-0001", "bimtek_maret/asn-0002"]
    frame = an.tidy(grades, people, GRADEBOOK_BP)
    table = an.opd_competency(frame, k=1).set_index(["opd", "competency"])
    # DISKOMINFO: maret asn-0001 and april asn-0001, both q1 right → kompA 100 %; esai 3/4 and 4/4 → mean 87.5
    assert table.loc[("DISKOMINFO", "kompA"), ["n_learners", "mean_pct"]].tolist() == [2, 100.0]
    assert table.loc[("DISKOMINFO", "kompB"), ["n_learners", "mean_pct"]].tolist() == [2, 87.5]
    # BAPPEDA: maret asn-0002, q1 wrong, essay pending → kompA 0 %, no kompB row
    assert table.loc[("BAPPEDA", "kompA"), "mean_pct"] == 0.0 and ("BAPPEDA", "kompB") not in table.index
    assert an.participation(grades, people).values.tolist() == [
        ["BAPPEDA", "posttest", 1, 1, 0, 1], ["DISKOMINFO", "posttest", 3, 2, 1, 0]]
    assert an.opd_summary(grades, people).set_index("opd").loc["DISKOMINFO", ["enrolled", "submitted"]].tolist() == [3, 2]
    labelled = an.load_learners({"maret": maret, "april": april})
    assert sorted(labelled["learner"])[0] == "april/asn-0001"


def test_labels_of_gradebooks_with_the_same_file_name_stay_unique():
    urls = [sa.make_url(u) for u in ("sqlite:////kursus/maret/gradebook.db", "sqlite:////kursus/april/gradebook.db",
                                     "sqlite:////kursus/maret/gradebook.db", "sqlite:////kursus/x.db")]
    assert an.source_labels(urls) == ["maret_gradebook", "april_gradebook", "maret_gradebook-2", "x"]


def test_a_missing_gradebook_is_a_clear_error_and_no_file_is_created(tmp_path):
    url = f"sqlite:///{tmp_path}/gradebook.db"
    for call in (an.load_cell_grades, an.load_learners):
        with pytest.raises(EgovCourseError) as info:
            call(url)
        assert "Gradebook tidak ditemukan" in str(info.value) and url in str(info.value)
        assert "egov-course grade" in str(info.value) and "--db" in str(info.value)
    assert not (tmp_path / "gradebook.db").exists()


def test_one_missing_gradebook_among_several_is_named(two_gradebooks, tmp_path):
    missing = f"sqlite:///{tmp_path}/bimtek_mei.db"
    with pytest.raises(EgovCourseError, match="bimtek_mei.db"):
        an.load_cell_grades([*two_gradebooks, missing])


def test_not_a_gradebook_or_not_a_url_are_clear_errors(tmp_path):
    other = tmp_path / "lain.db"
    engine = sa.create_engine(f"sqlite:///{other}")
    with engine.begin() as conn:
        conn.execute(sa.text("CREATE TABLE catatan (id INTEGER)"))
    engine.dispose()
    with pytest.raises(EgovCourseError, match="Bukan gradebook nbgrader.*lain.db.*tabel assignment"):
        an.load_cell_grades(f"sqlite:///{other}")
    garbage = tmp_path / "rusak.db"
    garbage.write_text("ini bukan basis data " * 100, encoding="utf-8")
    with pytest.raises(EgovCourseError, match="tidak dapat dibaca.*rusak.db"):
        an.load_learners(f"sqlite:///{garbage}")
    with pytest.raises(EgovCourseError, match="URL gradebook tidak sah"):
        an.load_cell_grades("gradebook.db")
    with pytest.raises(EgovCourseError, match="Tidak ada gradebook"):
        an.load_cell_grades([])


def test_an_unknown_driver_is_a_clear_error_without_the_password():
    with pytest.raises(EgovCourseError, match="tidak dapat dibuka") as info:
        an.load_cell_grades("mysql+tidakada://analis:rahasia@localhost/nilai")
    assert "rahasia" not in str(info.value) and "analis:***@localhost" in str(info.value)
