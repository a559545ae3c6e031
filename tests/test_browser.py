"""A learner's first minutes, in a real browser: JupyterLab opens lesson 03, runs it, and the KIP
classifier answers a click with its feedback and Pasal; the pre-test takes an answer typed without
quotes, and after a kernel restart "Run All" runs the half-finished quiz to the end.

Debian's chromium (installed by .ci/run) is driven by the ``playwright`` Python package; no browser is
downloaded. JupyterLab runs on 127.0.0.1 with a random token, in a temporary copy of the lesson (so
the autosaved outputs never reach course/), and is stopped by its PID.

    make screenshots     runs these tests and keeps the screenshots the README shows (docs/img/)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import REPO, require

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
LESSON = "03_keterbukaan_informasi.ipynb"
# As the machine's notes advise: no background traffic to a closed network, a fresh profile per run.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def _jupyterlab(tmp_path, files: list[Path]):
    """JupyterLab on 127.0.0.1 serving copies of ``files``; yields its base URL, the token and its folder."""
    root = tmp_path / "course"
    root.mkdir()
    for path in files:
        shutil.copy(path, root / path.name)
    port, token = _free_port(), os.urandom(16).hex()
    settings = tmp_path / "settings"
    # Every cell in the page (JupyterLab 4 otherwise renders only the cells in view), and no news pop-up.
    for plugin, values in {"notebook-extension/tracker": {"windowingMode": "none"},
                           "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False}}.items():
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values), encoding="utf-8")
    env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"), JUPYTERLAB_WORKSPACES_DIR=str(tmp_path / "ws"),
               JUPYTERLAB_SETTINGS_DIR=str(settings), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={root}", "--ServerApp.port_retries=0"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = (tmp_path / "lab.log").open("w")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not start:\n{(tmp_path / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
        yield base, token, root
    finally:
        # Stop the server (and the kernel it started) by PID, never by name.
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        log.close()


@pytest.fixture
def lab(tmp_path):
    with _jupyterlab(tmp_path, [REPO / "course" / LESSON]) as served:
        yield served


@pytest.fixture
def quiz_lab(tmp_path):
    with _jupyterlab(tmp_path, [REPO / "release" / "pretest" / "pretest.ipynb"]) as served:
        yield served


def _playwright():
    """(expect, sync_playwright) of the playwright package, once chromium and the package are known present."""
    require(None if CHROMIUM.exists() else f"{CHROMIUM} is missing (apt-get install chromium)")
    try:
        from playwright.sync_api import expect, sync_playwright
    except ImportError:
        require("the playwright Python package is missing (pip install -e '.[test]')")
    return expect, sync_playwright


def _keep(shot: Path, name: str) -> None:
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("EGOV_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(keep) / name)


def _open(pw, base, token, name):
    """Chromium on the notebook ``name``, once its kernel is idle; returns (browser, page, notebook panel)."""
    from playwright.sync_api import expect

    browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="id-ID")
    page.set_default_timeout(60_000)
    expect.set_options(timeout=60_000)  # a cold JupyterLab on two busy cores can take its time
    page.goto(f"{base}/lab/tree/{name}?token={token}")
    notebook = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    expect(notebook.locator(".jp-Cell").first).to_be_visible()
    # The kernel must be up before running cells: the toolbar names it and the status bar says Idle.
    expect(notebook.locator(".jp-KernelName")).to_contain_text("Python 3", timeout=90_000)
    expect(page.locator(".jp-StatusBar-Widget")).to_contain_text(["Idle"], timeout=90_000)
    return browser, page, notebook


def _all_ran(notebook) -> int:
    """Wait until every code cell shows [1], [2], … in order (a Run All from a fresh kernel); their number."""
    from playwright.sync_api import expect

    code_cells = notebook.locator(".jp-CodeCell")
    count = code_cells.count()
    for i in range(count):
        expect(code_cells.nth(i).locator(".jp-InputPrompt")).to_have_text(r"[" + str(i + 1) + "]:", timeout=90_000)
    return count


def test_lesson_03_runs_in_jupyterlab_and_the_kip_classifier_gives_feedback(lab, tmp_path):
    expect, sync_playwright = _playwright()
    base, token, root = lab

    with sync_playwright() as pw:
        browser, page, notebook = _open(pw, base, token, LESSON)
        try:
            page.get_by_role("menuitem", name="Run", exact=True).click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            # Every code cell ran: an execution count in its prompt, none still waiting ([*]) and no error output.
            assert _all_ran(notebook) >= 3, "lesson 03 has the two exercises and the deadline example"
            assert notebook.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
            assert notebook.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").count() == 0

            # The classifier: its title, the first case (an early flood warning) and the four categories.
            exercise = notebook.locator(".widget-vbox").filter(has_text="Klasifikasi informasi publik").first
            expect(exercise).to_be_visible()
            exercise.scroll_into_view_if_needed()
            expect(exercise).to_contain_text("Peringatan dini banjir")
            radios = exercise.locator(".widget-radio-box label")
            expect(radios).to_have_count(4)

            # A wrong answer first: feedback says so, gives the right category and the Pasal.
            radios.filter(has_text="Berkala").click()
            exercise.get_by_role("button", name="Periksa").click()
            feedback = exercise.locator(".widget-output")
            expect(feedback).to_contain_text("Belum tepat")
            expect(feedback).to_contain_text("Serta-merta")
            expect(feedback).to_contain_text("Pasal 10")
            expect(exercise).to_contain_text("Tepat pada percobaan pertama: 0 dari 1")

            # Then the right one: "Benar!", the reason, the Pasal; the score keeps the first answer only.
            radios.filter(has_text="Serta-merta").click()
            exercise.get_by_role("button", name="Periksa").click()
            expect(feedback).to_contain_text("Benar!")
            expect(feedback).to_contain_text("UU 14/2008 Pasal 10")
            expect(exercise).to_contain_text("Tepat pada percobaan pertama: 0 dari 1")

            shot = tmp_path / "kip_klasifikasi.png"
            exercise.screenshot(path=str(shot))
            _keep(shot, "lesson03_kip_klasifikasi.png")
        finally:
            browser.close()


def test_a_quiz_forgives_missing_quotes_and_runs_all_after_a_restart(quiz_lab, tmp_path):
    expect, sync_playwright = _playwright()
    base, token, _ = quiz_lab
    error = ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']"

    with sync_playwright() as pw:
        browser, page, notebook = _open(pw, base, token, "pretest.ipynb")
        try:
            # Persiapan first, as the quiz says; then the first answer typed without quotes.
            setup = notebook.locator(".jp-CodeCell").first
            setup.locator(".cm-content").click()
            page.keyboard.press("Shift+Enter")
            expect(setup.locator(".jp-InputPrompt")).to_have_text("[1]:")
            answer = notebook.locator(".jp-CodeCell").nth(1)
            editor = answer.locator(".cm-content")
            editor.click()
            page.keyboard.press("Control+a")
            page.keyboard.type("jawaban_1 = c")
            page.keyboard.press("Shift+Enter")
            expect(answer.locator(".jp-OutputArea")).to_contain_text('✓ Bentuk jawaban nomor 1 sudah sesuai: "c".')
            assert notebook.locator(error).count() == 0, "no NameError, no traceback"
            check = notebook.locator(".jp-CodeCell").nth(2)
            check.locator(".cm-content").click()
            page.keyboard.press("Shift+Enter")
            expect(check.locator(".jp-OutputArea")).to_contain_text('✓ Bentuk jawaban nomor 1 sudah sesuai: "c".')
            question = notebook.locator(".jp-MarkdownCell").filter(has_text="Soal 1 (1 poin)")
            question.scroll_into_view_if_needed()
            shot = tmp_path / "quiz_tanpa_kutip.png"
            box_top, box_bottom = question.bounding_box(), check.bounding_box()
            page.screenshot(path=str(shot), clip={"x": box_top["x"], "y": box_top["y"], "width": box_top["width"],
                                                  "height": box_bottom["y"] + box_bottom["height"] - box_top["y"]})
            _keep(shot, "quiz_tanpa_kutip.png")

            # The next morning: restart the kernel and run everything; the half-finished quiz runs to the end.
            page.get_by_role("menuitem", name="Kernel", exact=True).click()
            page.get_by_role("menuitem", name="Restart Kernel and Run All Cells…").click()
            page.locator(".jp-Dialog .jp-mod-accept").click()  # "Restart" in the confirmation dialog
            count = _all_ran(notebook)
            assert count >= 25, "the pre-test has a set-up cell and 12 answer and check pairs"
            assert notebook.locator(error).count() == 0, "Run All stopped nowhere"
            expect(answer.locator(".jp-OutputArea")).to_contain_text('sudah sesuai: "c"')
            second = notebook.locator(".jp-CodeCell").nth(4)
            expect(second.locator(".jp-OutputArea")).to_contain_text("Jawaban nomor 2 masih kosong")
            answer.evaluate("cell => cell.scrollIntoView({block: 'start'})")  # answer 1 at the top, answer 2 below
            shot = tmp_path / "quiz_restart_run_all.png"
            first_box, last_box = answer.bounding_box(), second.bounding_box()
            page.screenshot(path=str(shot), clip={"x": first_box["x"], "y": first_box["y"], "width": first_box["width"],
                                                  "height": last_box["y"] + last_box["height"] - first_box["y"]})
            _keep(shot, "quiz_restart_run_all.png")
        finally:
            browser.close()
