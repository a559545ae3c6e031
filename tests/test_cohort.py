"""The synthetic cohort: deterministic, realistic, and true to its own record."""

import csv
import filecmp
import re
import statistics
from collections import defaultdict

import nbformat
import pytest

from egov_course.cohort import simulate, synthetic_learners
from egov_course.coursedir import Course
from egov_course.errors import EgovCourseError
from egov_course.quiz import FormatKuis
from egov_course.roster import parse_nip


def _tree(root):
    return sorted(p.relative_to(root) for p in root.rglob("*") if p.is_file())


def test_same_seed_same_files(tmp_path, course_dir):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    simulate(Course(course_dir), learners=15, seed=7)
    simulate(Course(other), learners=15, seed=7)
    for step in ("submitted", "simulation"):
        files = _tree(course_dir / step)
        assert files == _tree(other / step) and files
        _, mismatch, errors = filecmp.cmpfiles(course_dir / step, other / step, [str(f) for f in files], shallow=False)
        assert mismatch == [] and errors == []


def test_another_seed_gives_other_answers(tmp_path, course_dir):
    import shutil

    other = tmp_path / "other"
    shutil.copytree(course_dir, other)
    simulate(Course(course_dir), learners=10, seed=1)
    simulate(Course(other), learners=10, seed=2)
    assert (course_dir / "simulation/responses.csv").read_text() != (other / "simulation/responses.csv").read_text()


def test_synthetic_nips_are_well_formed_and_unique():
    learners, theta, effects = synthetic_learners(300, seed=3)
    assert len({lr.nip.digits for lr in learners}) == 300
    for learner in learners:
        assert parse_nip(learner.nip.formatted()) == learner.nip
    assert len({lr.opd for lr in learners}) >= 15
    assert abs(statistics.mean(theta.values())) < 0.2 and 0.8 < statistics.stdev(theta.values()) < 1.2


@pytest.fixture(scope="module")
def big_cohort(tmp_path_factory):
    from conftest import copy_course

    root = copy_course(tmp_path_factory.mktemp("cohort"))
    result = simulate(Course(root), learners=300, seed=11)
    with open(result.responses_path, encoding="utf-8") as fh:
        responses = list(csv.DictReader(fh))
    with open(result.submissions_path, encoding="utf-8") as fh:
        submissions = list(csv.DictReader(fh))
    return root, result, responses, submissions


def test_a_batch_can_come_from_a_few_opds():
    everyone, _, _ = synthetic_learners(60, seed=2026)
    batch, _, _ = synthetic_learners(60, seed=2026, opds=8)
    assert len({p.opd for p in batch}) == 8 < len({p.opd for p in everyone})
    assert [p.nip for p in batch] == [p.nip for p in everyone]  # only the OPDs change, not who the learners are
    again, _, _ = synthetic_learners(60, seed=2026, opds=8)
    assert [p.opd for p in again] == [p.opd for p in batch]
    for wrong in (0, 23):
        with pytest.raises(EgovCourseError, match="Jumlah OPD harus antara 1 dan 22"):
            synthetic_learners(10, seed=1, opds=wrong)


def test_scores_and_items_look_real(big_cohort):
    _, result, responses, submissions = big_cohort
    responses = [r for r in responses if r["assignment"] == "pretest"]
    submissions = [s for s in submissions if s["assignment"] == "pretest"]
    line_items = [r for r in responses if r["kind"] == "line"]
    by_item, by_learner, by_opd = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in line_items:
        by_item[r["item"]].append(int(r["correct"]))
        by_learner[r["student_id"]].append(int(r["correct"]))
    for sid, marks in by_learner.items():
        by_opd[next(p["opd"] for p in result.learners if p["student_id"] == sid)].append(sum(marks))
    p_values = [statistics.mean(v) for v in by_item.values()]
    totals = [sum(v) for v in by_learner.values()]
    assert max(p_values) - min(p_values) > 0.25, "items should differ in difficulty"
    assert 0.25 < statistics.mean(p_values) < 0.8
    assert statistics.stdev(totals) > 1.5, "learners should differ in ability"
    assert min(totals) < 4 and max(totals) > 9
    opd_means = [statistics.mean(v) for v in by_opd.values() if len(v) >= 8]
    assert max(opd_means) - min(opd_means) > 1.0, "OPD effects should show"
    missing = sum(s["status"] == "missing" for s in submissions)
    late = sum(s["late"] == "1" for s in submissions)
    assert 3 <= missing <= 35 and 3 <= late <= 40


def test_the_cohort_learns_between_pre_and_post_test(big_cohort):
    _, _, responses, submissions = big_cohort
    assert {s["assignment"] for s in submissions} == {p.name for p in (big_cohort[0] / "release").iterdir()}
    pct = defaultdict(dict)
    for (sid, assignment), rows in _group(responses).items():
        pct[sid][assignment] = 100 * sum(float(r["points"]) for r in rows) / sum(float(r["max_points"]) for r in rows)
    gains = [p["posttest"] - p["pretest"] for p in pct.values() if "pretest" in p and "posttest" in p]
    assert len(gains) > 250
    assert statistics.mean(gains) > 8, "the post-test should show learning"
    assert sum(g < 0 for g in gains) > 10, "but not every learner improves"
    quiz_means = {a: statistics.mean(p[a] for p in pct.values() if a in p) for a in ("pretest", "kuis_03_kip", "posttest")}
    assert quiz_means["pretest"] < quiz_means["posttest"]


def _group(responses):
    groups = defaultdict(list)
    for r in responses:
        if r["kind"] == "line":
            groups[(r["student_id"], r["assignment"])].append(r)
    return groups


def test_written_answers_agree_with_the_record(big_cohort):
    """Every answer the simulator wrote scores as its record says, in every assignment and format."""
    root, _, responses, _ = big_cohort
    checked = defaultdict(int)
    for assignment in sorted(p.name for p in (root / "source").iterdir()):
        source = nbformat.read(root / "source" / assignment / f"{assignment}.ipynb", as_version=4)
        items = {}
        for cell in source.cells:
            meta = cell.metadata.get("egov_course")
            if meta:
                namespace = {}
                exec(cell.source, namespace)  # trusted: our own source notebook
                items[meta["item"]] = (meta, namespace[meta["answer_variable"]])
        kuis = FormatKuis({m["number"]: m["spec"] for m, _ in items.values()})
        mine = defaultdict(list)
        for r in responses:
            if r["assignment"] == assignment and r["item"] in items:
                mine[r["student_id"]].append(r)
        for sid in sorted(mine)[:25]:
            path = root / "submitted" / sid / assignment / f"{assignment}.ipynb"
            text = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
            for r in mine[sid]:
                meta, key = items[r["item"]]
                literal = re.search(rf"^{meta['answer_variable']} = (.*?)\s+#", text, re.M).group(1)
                value = eval(literal) if literal else ""  # a literal the simulator wrote
                n, points = meta["number"], float(r["max_points"])
                if kuis.format(n).partial and r["outcome"] != "blank":
                    assert kuis.skor(value, key, nomor=n, poin=points) == float(r["points"]), (sid, r["item"], literal)
                else:
                    assert kuis.cocok(value, key, nomor=n) == (r["outcome"] == "correct"), (sid, r["item"], literal)
                checked[meta["format"]] += 1
    assert set(checked) == {"pilihan", "benar_salah", "angka", "tanggal", "pilihan_banyak", "menjodohkan"}, checked
    assert sum(checked.values()) > 1500


def test_simulate_needs_a_release(tmp_path):
    (tmp_path / "source").mkdir()
    with pytest.raises(EgovCourseError, match="egov-course release"):
        simulate(Course(tmp_path), learners=3)


def test_simulate_refuses_a_course_with_real_learners(course_dir, write_csv):
    from egov_course.roster import import_learners, read_roster

    course = Course(course_dir)
    import_learners(course, read_roster(write_csv("nip,nama,opd\n199002142015032007,Sari Wibowo,setda\n")))
    with pytest.raises(EgovCourseError, match="peserta sungguhan"):
        simulate(course, learners=3)
