"""The shared parts of the exercises: feedback boxes, showing them in an Output widget, content files,
the checks every content file gets, the view base class and the chart helper."""

import base64
import importlib
import re
from pathlib import Path

import IPython.display
import ipywidgets as widgets
import pytest

from egov_course.content import LegalFact, data_path, load_legal_facts
from egov_course.content.legal import parse_time_point
from egov_course.errors import ContentError
from egov_course.exercises import (
    ExerciseView,
    Feedback,
    FirstAnswers,
    checked_fact,
    checked_facts,
    figure_html,
    identified_entries,
    known_facts,
    load_exercise_data,
    output_html,
    read_exercise,
    required_list,
    required_text,
    show,
    unique_id,
)

EXERCISES = ["egdi", "format_nip", "ite_kasus", "kip_klasifikasi", "kip_tenggat", "pdp_klasifikasi", "spbe_mandiri",
             "standar_pelayanan", "tanda_tangan", "tenggat_pengaduan"]


def test_feedback_html_escapes_text_and_names_the_pasal():
    html = Feedback(True, "Benar: <b> bukan tag", pasal="UU 14/2008 Pasal 10").to_html()
    assert "&lt;b&gt; bukan tag" in html and "<b> bukan" not in html
    assert "Dasar hukum: UU 14/2008 Pasal 10" in html and "✓" in html
    assert "✗" in Feedback(False, "Belum tepat").to_html() and "Dasar hukum" not in Feedback(None, "Info").to_html()


def test_show_replaces_what_the_output_shows():
    out = widgets.Output()
    show(out, Feedback(False, "pertama"))
    show(out, Feedback(True, "kedua"), extra_html="<p>grafik</p>")
    html = output_html(out)
    assert "kedua" in html and "pertama" not in html and html.endswith("<p>grafik</p>")


def test_content_file_must_be_a_mapping(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("- satu\n- dua\n", encoding="utf-8")
    with pytest.raises(ContentError, match="pemetaan"):
        load_exercise_data("x", path)
    path.write_text("kunci: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(ContentError, match="YAML tidak valid"):
        load_exercise_data("x", path)


# --- the shared parts of every exercise module ------------------------------------------------------
MODULES = [importlib.import_module(f"egov_course.exercises.{name}") for name in EXERCISES]


def test_the_list_names_every_exercise_module():
    folder = Path(importlib.import_module("egov_course.exercises").__file__).parent
    assert sorted(p.stem for p in folder.glob("*.py") if p.stem != "__init__") == EXERCISES


@pytest.mark.parametrize("module", MODULES, ids=EXERCISES)
def test_every_loader_reports_a_bad_file(tmp_path, module):
    path = tmp_path / "rusak.yaml"
    path.write_text("- satu\n- dua\n", encoding="utf-8")
    with pytest.raises(ContentError, match="pemetaan"):
        module.load(path)
    path.write_text("kunci: [tidak ditutup\n", encoding="utf-8")
    with pytest.raises(ContentError, match="YAML tidak valid"):
        module.load(path)
    with pytest.raises(ContentError, match="tidak ditemukan"):
        module.load(tmp_path / "tidak_ada.yaml")


@pytest.mark.parametrize("module", MODULES, ids=EXERCISES)
def test_tampilkan_returns_the_view_without_displaying_it(monkeypatch, module):
    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda *objs, **kw: shown.extend(objs))
    view = module.tampilkan()
    assert shown == []  # Jupyter shows the returned view once; tampilkan must not show it too
    assert isinstance(view, ExerciseView) and "_ipython_display_" not in type(view).__dict__
    view._ipython_display_()
    assert shown == [view.widget] and isinstance(view.widget, widgets.Box)


def test_figure_html_is_an_inline_png_with_escaped_alt_text():
    from matplotlib.figure import Figure

    fig = Figure(figsize=(2, 1), dpi=50)
    fig.add_subplot().plot([0, 1], [1, 0])
    page = figure_html(fig, 'Grafik "EGDI" <2024>')
    match = re.fullmatch(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)" alt="([^"]*)" style="max-width:100%">', page)
    assert match, page[:80]
    assert base64.b64decode(match.group(1)).startswith(b"\x89PNG\r\n\x1a\n")
    assert match.group(2) == "Grafik &quot;EGDI&quot; &lt;2024&gt;"


def test_read_exercise_defaults_to_the_shipped_file(tmp_path):
    path, data = read_exercise("egdi")
    assert path == data_path("exercises/egdi.yaml") and data["title"]
    own = tmp_path / "latihan.yaml"
    own.write_text("title: Coba\n", encoding="utf-8")
    assert read_exercise("egdi", str(own)) == (own, {"title": "Coba"})
    assert load_exercise_data("egdi", own) == {"title": "Coba"}


def test_required_text_joins_whitespace_and_names_the_missing_key():
    problems = []
    entry = {"judul": "  Rekam\n  medis  pasien ", "kosong": "   ", "angka": 5}
    assert required_text(entry, "judul", "kasus[4] (rekam_medis)", problems) == "Rekam medis pasien"
    assert problems == []
    assert required_text(entry, "kosong", "kasus[4] (rekam_medis)", problems) == ""
    assert required_text(entry, "angka", "", problems) == ""
    assert required_text(entry, "tidak_ada", "", problems) == ""
    assert [(p.field, p.message) for p in problems] == [("kasus[4] (rekam_medis).kosong", "wajib diisi dengan teks"),
                                                        ("angka", "wajib diisi dengan teks"),
                                                        ("tidak_ada", "wajib diisi dengan teks")]


def _fact(fact_id, status, since="2020-01-01", until=None, by=()):
    return LegalFact(fact_id, "UU 1/2099", "Pasal 1", status, "Contoh.", "", parse_time_point(since),
                     parse_time_point(until) if until else None, tuple(by))


REGISTER = {"v1": _fact("v1", "V1"), "v2": _fact("v2", "V2"), "baru": _fact("baru", "UNVERIFIED"),
            "lama": _fact("lama", "V1", until="2026-01-02", by=["v1"])}
UNVERIFIED_MESSAGE = ("fakta 'baru' berstatus UNVERIFIED (UU 1/2099 Pasal 1); latihan hanya boleh bersandar pada fakta V1/V2 "
                      "yang berlaku per 2 Desember 2026 (tanggal acuan kursus)")


def test_checked_facts_accepts_verified_ids_of_the_register():
    problems = []
    assert checked_facts({"facts": ["v1", "v2"]}, "items[1] (nip)", problems, register=REGISTER) == ("v1", "v2")
    assert checked_facts({"sumber": ["v2"]}, "", problems, key="sumber", register=REGISTER) == ("v2",)
    assert problems == []


@pytest.mark.parametrize("facts, message", [
    (None, "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"),
    ([], "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"),
    (["v1", 7], "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"),
    ("v1", "harus daftar id fakta dari legal_facts.yaml yang tidak kosong"),
    (["v1", "karangan"], "id fakta 'karangan' tidak ada di legal_facts.yaml"),
    (["baru"], UNVERIFIED_MESSAGE),
    (["lama"], "fakta 'lama' (UU 1/2099 Pasal 1) tidak berlaku lagi sejak 2 Januari 2026; penggantinya: v1; latihan hanya "
               "boleh bersandar pada fakta V1/V2 yang berlaku per 2 Desember 2026 (tanggal acuan kursus)"),
])
def test_checked_facts_names_the_entry_and_what_is_wrong(facts, message):
    problems = []
    assert checked_facts({"facts": facts}, "kasus[2] (x)", problems, register=REGISTER) == ()
    assert [(p.field, p.message) for p in problems] == [("kasus[2] (x).facts", message)]


def test_checked_facts_may_allow_unverified_facts_that_back_no_answer():
    problems = []
    assert checked_facts({"facts": ["v1", "baru"]}, "domains[1]", problems, verified=False, register=REGISTER) == ("v1", "baru")
    assert checked_facts({"facts": ["baru", "karangan"]}, "", problems, verified=False, register=REGISTER) == ()
    assert [(p.field, p.message) for p in problems] == [("facts", "id fakta 'karangan' tidak ada di legal_facts.yaml")]


def test_checked_fact_checks_one_id():
    problems = []
    assert checked_fact({"fact": "v2"}, "example", problems, register=REGISTER) == "v2"
    assert problems == []
    assert checked_fact({"fact": "baru"}, "indonesia[1] (2018)", problems, register=REGISTER) == ""
    assert checked_fact({}, "reference", problems, register=REGISTER) == ""
    assert [(p.field, p.message) for p in problems] == [
        ("indonesia[1] (2018).fact", UNVERIFIED_MESSAGE),
        ("reference.fact", "None harus id fakta dari legal_facts.yaml")]


def test_known_facts_is_the_shipped_register_read_once():
    assert known_facts() is known_facts()
    assert known_facts().keys() == load_legal_facts().keys()
    problems = []
    assert checked_facts({"facts": ["kip-10"]}, "kasus[1]", problems) == ("kip-10",) and problems == []


def test_identified_entries_skip_what_has_no_valid_id():
    problems = []
    entries = [{"id": "satu"}, "bukan pemetaan", {"id": "Dua Kata"}, {"id": "satu", "x": 1}, {"id": "tiga"}]
    found = list(identified_entries(entries, "kasus", problems, "id/judul"))
    assert found == [("kasus[1] (satu)", "satu", entries[0]), ("kasus[4] (satu)", "satu", entries[3]),
                     ("kasus[5] (tiga)", "tiga", entries[4])]
    assert [(p.field, p.message) for p in problems] == [
        ("kasus[2]", "harus berupa pemetaan id/judul"),
        ("kasus[3].id", "'Dua Kata' bukan id yang sah (huruf kecil, angka, _)"),
        ("kasus[4] (satu).id", "id 'satu' sudah dipakai")]
    problems.clear()
    assert [i for _, i, _ in identified_entries(entries, "kasus", problems, "id/judul", skip_repeated=True)] == ["satu", "tiga"]
    assert len(problems) == 3


def test_unique_id_remembers_the_ids_it_saw():
    seen, problems = set(), []
    assert unique_id("keberatan", seen, "langkah[1]", problems) is True
    assert unique_id("keberatan", seen, "langkah[2]", problems) is False
    assert seen == {"keberatan"}
    assert [(p.field, p.message) for p in problems] == [("langkah[2].id", "id 'keberatan' sudah dipakai")]


def test_required_list_stops_at_once_without_a_list(tmp_path):
    assert required_list({"items": [1]}, "items", tmp_path / "x.yaml") == [1]
    for data in ({}, {"items": []}, {"items": {"a": 1}}):
        with pytest.raises(ContentError, match="harus berisi daftar 'items' yang tidak kosong") as info:
            required_list(data, "items", tmp_path / "x.yaml")
        assert str(tmp_path / "x.yaml") in str(info.value)


def test_first_answers_count_only_the_first_right_or_wrong_answer():
    score = FirstAnswers()
    score.record("a", Feedback(None, "pilih dulu"))  # no answer yet: not counted
    score.record("a", Feedback(False, "salah"))
    score.record("a", Feedback(True, "benar"))  # a second try does not count
    score.record("b", Feedback(True, "benar"))
    assert (score.right, score.answered, score.first) == (1, 2, {"a": False, "b": True})
