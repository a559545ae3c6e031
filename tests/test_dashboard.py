"""The competency dashboard: tables with Indonesian labels, suppression as shown, the exported files,
the roster, and (slow) the notebook run behind `egov-course dashboard` on two gradebooks."""

from __future__ import annotations

import dataclasses
import sqlite3

import pandas as pd
import pytest
from openpyxl import load_workbook

from bench.synthetic_gradebook import make_gradebook
from egov_course import dashboard
from egov_course.cli import main
from egov_course.cohort import synthetic_learners
from egov_course.errors import EgovCourseError
from egov_course.roster import write_roster

# 15 learners: 6 in Setda, 4 in BPBD (fewer than k = 5), 5 in Dinkes (exactly k).
OPDS = ["setda"] * 6 + ["bpbd"] * 4 + ["dinkes"] * 5


def _gradebook(path, seed=7):
    info = make_gradebook(path, len(OPDS), seed=seed)
    with sqlite3.connect(path) as db:
        ids = [sid for (sid,) in db.execute("SELECT student_id FROM egov_learner ORDER BY student_id")]
        db.executemany("UPDATE egov_learner SET opd = ? WHERE student_id = ?", list(zip(OPDS, ids, strict=True)))
    return info["url"]


@pytest.fixture(scope="module")
def gradebook(tmp_path_factory):
    return _gradebook(tmp_path_factory.mktemp("gb") / "gradebook.db")


@pytest.fixture(scope="module")
def board(gradebook):
    return dashboard.compute(gradebook)


def test_opd_competency_is_suppressed_below_k_and_shown_as_a_dash(board):
    csv = board.csv_frame()
    assert list(csv.columns) == ["opd", "competency", "n_learners", "mean_pct", "pass_rate", "suppressed"]
    assert set(csv.opd) == {"setda", "bpbd", "dinkes"} and csv.competency.nunique() == 6
    bpbd, setda = csv[csv.opd == "bpbd"], csv[csv.opd == "setda"]
    assert bpbd.suppressed.all() and bpbd.mean_pct.isna().all() and bpbd.pass_rate.isna().all()
    assert (bpbd.n_learners == 4).all()
    assert not setda.suppressed.any() and setda.mean_pct.between(0, 100).all()
    # Figures are rounded to one decimal in the CSV.
    assert (setda.mean_pct.round(1) == setda.mean_pct).all()

    shown = board.competency_table()
    assert list(shown.columns) == ["OPD", "Kompetensi", "Peserta", "Rata-rata (%)", "Median (%)", "Lulus ≥ 70% (%)"]
    assert set(shown.loc[shown.OPD == "BPBD", "Rata-rata (%)"]) == {dashboard.SUPPRESSED}
    assert "Setda" in set(shown.OPD) and "Keterbukaan informasi" in set(shown.Kompetensi)
    matrix = board.pass_rate_matrix()
    assert list(matrix.OPD) == ["BPBD", "Dinkes", "Setda"]
    assert (matrix.loc[matrix.OPD == "BPBD"].iloc[0, 1:] == dashboard.SUPPRESSED).all()


def test_the_overall_pass_rate_leaves_out_hidden_groups_so_they_cannot_be_worked_out(board):
    """Total minus the OPDs shown would give BPBD's hidden figure back, so BPBD is not in the total."""
    fig = dashboard.pass_rate_chart(board)
    bars = {t.get_text(): p.get_width() for t, p in zip(fig.axes[0].get_yticklabels(), fig.axes[0].patches, strict=True)}
    graded = board.learner_competency[board.learner_competency.pct.notna()]
    for code, label in board.competency_names.items():
        rows = graded[graded.competency == code]
        sizes = rows.groupby("opd").size()
        shown = rows[rows.opd.isin(sizes[sizes >= 5].index)]  # BPBD never; Dinkes where all 5 have a score
        assert "bpbd" not in set(shown.opd)
        assert bars[label] == pytest.approx(100 * (shown.pct >= 70).mean()), label
    with_bpbd = 100 * (board.learner_competency.groupby("competency").pct.apply(lambda p: (p >= 70).mean()))
    assert any(bars[board.competency_names[c]] != pytest.approx(v) for c, v in with_bpbd.items())


def test_an_empty_gradebook_gives_a_dashboard_that_says_so(gradebook, tmp_path):
    import shutil

    empty = tmp_path / "kosong.db"
    shutil.copy(gradebook.removeprefix("sqlite:///"), empty)
    with sqlite3.connect(empty) as db:
        for table in ("grade", "comment", "submitted_notebook", "submitted_assignment", "egov_learner", "student"):
            db.execute(f"DELETE FROM {table}")
    board = dashboard.compute(f"sqlite:///{empty}")
    assert board.n_learners == 0 and board.opd_competency.empty and board.priorities.empty
    paths = dashboard.export(board, tmp_path / "out")
    assert pd.read_csv(paths["csv"]).empty and list(pd.read_csv(paths["csv"]).columns) == dashboard.CSV_COLUMNS
    heat = dashboard.heatmap(board)
    assert "Belum ada nilai" in heat.axes[0].texts[0].get_text()


def test_participation_and_summary_count_every_enrolled_learner(board):
    wide = board.participation_matrix()
    assert list(wide.columns[:3]) == ["OPD", "Terdaftar", "Pre-test"] and wide.columns[-1] == "Post-test"
    assert dict(zip(wide.OPD, wide.Terdaftar, strict=True)) == {"BPBD": 4, "Dinkes": 5, "Setda": 6}
    assert board.n_learners == 15
    text = board.summary()
    assert "15 dari 3 OPD" in text and "kurang dari 5 peserta" in text and "NIP" in text


def test_tables_hold_no_learner_column(board):
    for name, table in board.tables().items():
        assert not {"learner", "student_id", "nip", "nama"} & {c.lower() for c in table.columns}, name
        assert not table.astype(str).apply(lambda col: col.str.contains("asn-")).any().any(), name


def test_export_writes_csv_workbook_and_charts_and_learner_tables_only_on_request(board, tmp_path):
    paths = dashboard.export(board, tmp_path)
    pd.testing.assert_frame_equal(pd.read_csv(paths["csv"]), board.csv_frame(), check_dtype=False)
    book = load_workbook(paths["xlsx"], read_only=True)
    assert book.sheetnames == ["Partisipasi", "Kompetensi OPD", "Pre-post", "Analisis butir", "Reliabilitas", "Prioritas"]
    header = [c.value for c in next(book["Kompetensi OPD"].iter_rows(max_row=1))]
    assert header[:3] == ["OPD", "Kompetensi", "Peserta"]
    for name in dashboard.CHARTS:
        assert paths[name].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and paths[name].stat().st_size > 5_000, name
    assert "learners" not in paths and not (tmp_path / "kompetensi_peserta_pseudonim.xlsx").exists()

    paths = dashboard.export(board, tmp_path, learner_tables=True)
    learners = pd.read_excel(paths["learners"], sheet_name=None)
    assert set(learners) == {"Kompetensi per peserta", "Pre-post per peserta"}
    wide = learners["Kompetensi per peserta"]
    assert len(wide) == 15 and wide.learner.str.match(r"^asn-\d{4}$").all()
    assert not {"nip", "nama", "email"} & set(wide.columns)
    # Asked once, not again: the next export removes the learner file.
    dashboard.export(board, tmp_path)
    assert not paths["learners"].exists()


def test_priorities_rank_unsuppressed_cells_below_target(gradebook):
    board = dashboard.compute(gradebook, target=100)
    ranked = board.priority_table()
    table = board.opd_competency
    below = table[~table.suppressed & (table.mean_pct < 100)]
    assert len(ranked) == len(below) >= 10  # Setda and Dinkes × 6 competencies, unless one is at 100 %; BPBD is suppressed
    assert set(ranked.OPD) == {"Setda", "Dinkes"}
    gaps = ranked.iloc[:, -1].tolist()
    assert gaps == sorted(gaps, reverse=True) and list(ranked.Peringkat) == list(range(1, len(ranked) + 1))
    pd.testing.assert_frame_equal(board.priority_table(top=3), ranked.head(3))  # the notebook shows the top 10


def test_roster_with_nip_adds_enrolled_learners_who_never_submitted(gradebook, tmp_path):
    with sqlite3.connect(gradebook.removeprefix("sqlite:///")) as db:
        nips = [nip for (nip,) in db.execute("SELECT nip FROM egov_learner ORDER BY student_id")]
    from egov_course.roster import parse_nip

    people, _, _ = synthetic_learners(len(nips) + 1, seed=99)
    known = [dataclasses.replace(p, nip=parse_nip(nip), opd=opd) for p, nip, opd in zip(people, nips, OPDS, strict=False)]
    newcomer = dataclasses.replace(people[-1], opd="bpbd")
    roster = tmp_path / "roster.csv"
    write_roster(roster, [*known, newcomer])
    board = dashboard.compute(gradebook, roster=roster)
    wide = board.participation_matrix().set_index("OPD")
    assert wide.at["BPBD", "Terdaftar"] == 5  # four learners plus the one who never reached the gradebook
    post = board.participation[(board.participation.opd == "bpbd") & (board.participation.assignment == "posttest")]
    assert int(post.missing.iloc[0]) >= 1
    assert not board.participation.astype(str).apply(lambda c: c.str.contains(newcomer.nip.digits)).any().any()


def test_roster_errors_name_the_file_and_the_fix(gradebook, tmp_path):
    bad = tmp_path / "daftar.csv"
    bad.write_text("nomor,unit\n1,setda\n", encoding="utf-8")
    with pytest.raises(EgovCourseError, match=r"daftar\.csv: kolom tidak dikenal"):
        dashboard.compute(gradebook, roster=bad)
    bad.write_text("student_id,opd\nasn-0001,\n", encoding="utf-8")
    with pytest.raises(EgovCourseError, match=r"daftar\.csv: student_id dan opd wajib diisi \(baris 2\)"):
        dashboard.compute(gradebook, roster=bad)
    with pytest.raises(EgovCourseError, match="Daftar peserta tidak ditemukan"):
        dashboard.compute(gradebook, roster=tmp_path / "tidak_ada.csv")
    with pytest.raises(EgovCourseError, match="minimal 1"):
        dashboard.compute(gradebook, k=0)
    with pytest.raises(EgovCourseError, match="Blueprint tidak ditemukan"):
        dashboard.compute(gradebook, blueprint=tmp_path / "blueprint.csv")


def test_student_id_roster_moves_a_learner_to_another_opd(gradebook, tmp_path):
    roster = tmp_path / "pindah.csv"
    roster.write_text("student_id,opd\nasn-0011,setda\n", encoding="utf-8")  # from Dinkes to Setda
    board = dashboard.compute(gradebook, roster=roster)
    wide = board.participation_matrix().set_index("OPD")
    assert (wide.at["Setda", "Terdaftar"], wide.at["Dinkes", "Terdaftar"]) == (7, 4)


def test_dashboard_command_refuses_a_missing_gradebook_before_starting_a_kernel(tmp_path, capsys):
    assert main(["dashboard", "--db", str(tmp_path / "tidak_ada.db"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "Gradebook tidak ditemukan" in err and "tidak_ada.db" in err and "egov-course grade" in err
    assert not (tmp_path / "out" / "kompetensi_opd.ipynb").exists()


def test_relative_sqlite_urls_are_made_absolute_for_the_notebook(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert dashboard.absolute_url("sqlite:///gradebook.db") == f"sqlite:///{tmp_path}/gradebook.db"
    assert dashboard.absolute_url("batch1/gradebook.db") == f"sqlite:///{tmp_path}/batch1/gradebook.db"
    assert dashboard.absolute_url("sqlite:////srv/gb.db") == "sqlite:////srv/gb.db"
    assert dashboard.absolute_url("postgresql://u:p@db/spbe") == "postgresql://u:p@db/spbe"


@pytest.mark.slow
def test_dashboard_command_runs_the_notebook_on_two_gradebooks(gradebook, tmp_path, capfd):
    (tmp_path / "angkatan2").mkdir()
    second = _gradebook(tmp_path / "angkatan2" / "gradebook.db", seed=8)
    out = tmp_path / "laporan"
    assert main(["dashboard", "--db", gradebook, "--db", second, "--out", str(out)]) == 0
    said, err = capfd.readouterr()
    assert "kompetensi_opd.html" in said and "kompetensi_opd.xlsx" in said
    assert "IPKernelApp" not in err and "KeyboardInterrupt" not in err  # the kernel's chatter stays in its log
    csv = pd.read_csv(out / "kompetensi_opd.csv")
    # Two batches of the same three OPDs: Setda 12, BPBD 8 (now shown), Dinkes 10.
    n = csv.groupby("opd").n_learners.max().to_dict()
    assert n == {"setda": 12, "bpbd": 8, "dinkes": 10} and not csv.suppressed.any()
    html = (out / "kompetensi_opd.html").read_text(encoding="utf-8")
    assert "Dasbor kompetensi ASN per OPD" in html and "Peta kompetensi OPD" in html
    assert html.count("<img") == len(dashboard.CHARTS)
    assert "dashboard.compute" not in html and "from egov_course" not in html  # no code cells
    assert "asn-0" not in html and "Traceback" not in html
    for name in dashboard.CHARTS:
        assert (out / f"kompetensi_opd_{name}.png").is_file()


def test_the_notebook_is_thin_and_its_defaults_point_at_the_course_when_opened_in_jupyterlab():
    import ast

    import nbformat
    from conftest import REPO

    nb = nbformat.read(REPO / "analytics" / dashboard.NOTEBOOK_NAME, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    tagged = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and tagged[0] is code[0], "papermill needs one parameters cell, first"
    assert all(not c.outputs for c in code), "commit the notebook without outputs"
    for cell in code:  # logic lives in the package: no function or class in the notebook
        body = "\n".join(line for line in cell.source.splitlines() if not line.startswith("%"))
        assert not [n for n in ast.walk(ast.parse(body)) if isinstance(n, ast.FunctionDef | ast.ClassDef)]
    values: dict = {}
    exec(tagged[0].source, {}, values)  # plain assignments
    assert set(values) == {"db_urls", "roster", "blueprint", "threshold", "k", "target", "out_dir", "learner_tables"}
    assert (values["threshold"], values["k"], values["target"], values["learner_tables"]) == (70.0, 5, 70.0, False)
    # Opened from analytics/, the defaults are the course's gradebook.db and reports/.
    analytics_dir = REPO / "analytics"
    assert (analytics_dir / values["db_urls"][0].removeprefix("sqlite:///")).resolve() == REPO / "gradebook.db"
    assert (analytics_dir / values["out_dir"]).resolve() == REPO / "reports"
    headings = [c.source.splitlines()[0] for c in nb.cells if c.cell_type == "markdown"]
    assert ["## 1. Partisipasi", "## 2. Peta kompetensi OPD", "## 3. Tingkat kelulusan", "## 4. Pre-test dan post-test",
            "## 5. Analisis butir soal", "## 6. Prioritas pelatihan"] == [h for h in headings if h.startswith("## ") and h[3].isdigit()]
