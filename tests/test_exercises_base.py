"""The shared parts of the exercises: feedback boxes, showing them in an Output widget, content files."""

import ipywidgets as widgets
import pytest

from egov_course.errors import ContentError
from egov_course.exercises import Feedback, load_exercise_data, output_html, show


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
