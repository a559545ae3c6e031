"""Regenerate the robustness fixtures from the pre-test: python tests/files/make_fixtures.py

Each fixture is the instructor's (all-correct) pre-test with one change, so the expected score
of every case is exact; tests/test_robustness.py lists what each must give.
"""

import copy
import json
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
SOURCE = nbformat.read(REPO / "source/pretest/pretest.ipynb", as_version=4)
RELEASE = nbformat.read(REPO / "release/pretest/pretest.ipynb", as_version=4)


def _answer(nb, variable):
    return next(c for c in nb.cells if c.metadata.get("egov_course", {}).get("answer_variable") == variable)


def _grade_cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def with_answer(variable, source):
    nb = copy.deepcopy(SOURCE)
    _answer(nb, variable).source = source
    return nb


def main():
    fixtures = {
        # answer 2 is set, then the cell loops until the per-cell timeout interrupts it
        "robust-infinite-loop": with_answer("jawaban_2", 'jawaban_2 = "c"\nwhile True:\n    pass'),
        # the loop ignores the interrupt: the kernel must be restarted; answer 2 is lost
        "robust-ignores-sigint": with_answer(
            "jawaban_2", 'import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\njawaban_2 = "c"\nwhile True:\n    pass'),
        # the kernel dies in answer 3; every other answer must still be graded
        "robust-kernel-death": with_answer("jawaban_3", 'import os\nos._exit(1)'),
        # 8 GiB under the sandbox's memory limit: MemoryError, answer 4 is already set
        "robust-memory-bomb": with_answer("jawaban_4", 'jawaban_4 = "c"\nbuang = bytearray(8 << 30)'),
        # a flood of output: nbgrader's LimitOutput keeps the notebook small
        "robust-huge-output": with_answer("jawaban_5", 'jawaban_5 = 10\nfor i in range(100_000):\n    print("baris", i)'),
    }
    wrong_kernel = copy.deepcopy(SOURCE)
    wrong_kernel.metadata["kernelspec"] = {"name": "python2", "display_name": "Python 2", "language": "python"}
    fixtures["robust-wrong-kernel"] = wrong_kernel

    deleted = copy.deepcopy(SOURCE)
    deleted.cells.remove(_grade_cell(deleted, "kip_informasi_berkala"))
    fixtures["robust-deleted-test-cell"] = deleted

    duplicated = copy.deepcopy(SOURCE)
    cell = _grade_cell(duplicated, "pdp_data_spesifik")
    duplicated.cells.insert(duplicated.cells.index(cell) + 1, copy.deepcopy(cell))
    fixtures["robust-duplicated-test-cell"] = duplicated

    edited = copy.deepcopy(RELEASE)  # all answers blank, and the learner "fixes" the first check
    _grade_cell(edited, "spbe_definisi").source = "pass  # lulus!"
    fixtures["robust-edited-test-cell"] = edited

    for name, nb in fixtures.items():
        nbformat.write(nb, HERE / f"{name}.ipynb")
    (HERE / "robust-invalid-json.ipynb").write_text('{"cells": [ ini bukan JSON', encoding="utf-8")
    (HERE / "robust-empty-file.ipynb").write_text("", encoding="utf-8")
    print(json.dumps(sorted([*fixtures, "robust-invalid-json", "robust-empty-file"])))


if __name__ == "__main__":
    main()
