"""Feedback that does not reveal hidden tests (nbgrader issue #917).

nbgrader renders feedback from the autograded notebook, which holds the hidden tests restored
from the gradebook; a failed hidden ``assert`` also shows its source line in the traceback.
``HideHiddenTests`` runs in nbgrader's feedback pipeline (see ``nbgrader_config.py``): it
removes hidden-test regions with nbgrader's own ``ClearHiddenTests`` and, in those cells,
shortens error outputs to their one-line message ("Jawaban nomor 3 belum tepat.").
"""

from __future__ import annotations

from nbgrader.preprocessors import ClearHiddenTests


class HideHiddenTests(ClearHiddenTests):
    def preprocess_cell(self, cell, resources, cell_index):
        removed = self._remove_hidden_test_region(cell)
        if removed and cell.cell_type == "code":
            for output in cell.get("outputs", []):
                if output.get("output_type") == "error":
                    message = f"{output.get('ename', 'Error')}: {output.get('evalue', '')}".rstrip(": ")
                    output["traceback"] = [message]
        return cell, resources
