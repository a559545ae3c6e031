"""Regenerate the grading fixtures from the pre-test: python tests/files/make_fixtures.py

Each robust-* fixture is the instructor's (all-correct) pre-test with one change, so the expected score
of every case is exact; tests/test_robustness.py lists what each must give. An answer a case rewrites
keeps the key of the source's solution, so a change of key in the quiz bank never changes a case.
isolation-escape is the release with answer 1 correct followed by isolation_escape_cell.py
(tests/test_isolation.py). Run it again whenever the pre-test changes.
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


def solution(nb, variable):
    """The key line of an answer cell's solution, e.g. 'jawaban_4 = "a"'."""
    lines = _answer(nb, variable).source.splitlines()
    body = lines[lines.index("### BEGIN SOLUTION") + 1:lines.index("### END SOLUTION")]
    assert len(body) == 1 and body[0].startswith(f"{variable} = "), body
    return body[0]


def with_answer(variable, before="", after=""):
    """The source pre-test with one answer cell rewritten: `before`, the key line, then `after`."""
    nb = copy.deepcopy(SOURCE)
    _answer(nb, variable).source = "\n".join(part for part in (before, solution(SOURCE, variable), after) if part)
    return nb


def isolation_escape():
    nb = copy.deepcopy(RELEASE)
    attack = (HERE / "isolation_escape_cell.py").read_text(encoding="utf-8")
    _answer(nb, "jawaban_1").source = f"{solution(SOURCE, 'jawaban_1')}\n{attack}"
    return nb


def main(out=HERE):
    fixtures = {
        # answer 2 is set, then the cell loops until the per-cell timeout interrupts it
        "robust-infinite-loop": with_answer("jawaban_2", after="while True:\n    pass"),
        # the loop ignores the interrupt: the kernel must be restarted; answer 2 is lost
        "robust-ignores-sigint": with_answer(
            "jawaban_2", before="import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)", after="while True:\n    pass"),
        # the kernel dies in answer 3 before it is set; every other answer must still be graded
        "robust-kernel-death": with_answer("jawaban_3", before="import os\nos._exit(1)"),
        # 8 GiB under the sandbox's memory limit: MemoryError, answer 4 is already set
        "robust-memory-bomb": with_answer("jawaban_4", after="buang = bytearray(8 << 30)"),
        # a flood of output: nbgrader's LimitOutput keeps the notebook small
        "robust-huge-output": with_answer("jawaban_5", after='for i in range(100_000):\n    print("baris", i)'),
    }
    wrong_kernel = copy.deepcopy(SOURCE)
    wrong_kernel.metadata["kernelspec"] = {"name": "python2", "display_name": "Python 2", "language": "python"}
    fixtures["robust-wrong-kernel"] = wrong_kernel

    deleted = copy.deepcopy(SOURCE)
    deleted.cells.remove(_grade_cell(deleted, "kip_informasi_berkala"))
    fixtures["robust-deleted-test-cell"] = deleted

    duplicated = copy.deepcopy(SOURCE)
    cell = _grade_cell(duplicated, "pdp_data_spesifik")
    twin = copy.deepcopy(cell)
    twin.id = f"{cell.id}-salinan"  # a fixed id, so regenerating changes nothing
    duplicated.cells.insert(duplicated.cells.index(cell) + 1, twin)
    fixtures["robust-duplicated-test-cell"] = duplicated

    edited = copy.deepcopy(RELEASE)  # all answers blank, and the learner "fixes" the first check
    _grade_cell(edited, "spbe_definisi").source = "pass  # lulus!"
    fixtures["robust-edited-test-cell"] = edited

    fixtures["isolation-escape"] = isolation_escape()

    for name, nb in fixtures.items():
        nbformat.write(nb, out / f"{name}.ipynb")
    (out / "robust-invalid-json.ipynb").write_text('{"cells": [ ini bukan JSON', encoding="utf-8")
    (out / "robust-empty-file.ipynb").write_text("", encoding="utf-8")
    print(json.dumps(sorted([*fixtures, "robust-invalid-json", "robust-empty-file"])))


if __name__ == "__main__":
    main()
