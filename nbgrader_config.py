"""nbgrader configuration of the Kota Dumai e-Government (SPBE) course.

No absolute path is written here: the course root is the folder of this file, so the course
works from any clone location, and the gradebook defaults to ``gradebook.db`` beside it.
"""

import os

c = get_config()  # noqa: F821 (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "spbe-dumai"

# Files nbgrader must not copy between the course steps.
c.CourseDirectory.ignore = [
    ".ipynb_checkpoints",
    "__pycache__",
    "*.pyc",
    ".DS_Store",
    "Thumbs.db",
    "*.swp",
    "~$*",
    ".~lock.*",
    "*.nbgrader.log",
]

# A learner's cell may run for at most 30 s while grading (per cell, not per notebook).
c.Execute.timeout = 30
c.Execute.interrupt_on_timeout = True
# Keep the kernel's start-up warnings (one per submission) out of the grading log.
c.Execute.extra_arguments = ["--IPKernelApp.log_level=ERROR"]

# Keep runaway output from filling the autograded notebooks.
c.LimitOutput.max_lines = 200
c.LimitOutput.max_traceback = 50

# A learner who deletes a graded cell gets it back from the gradebook copy while grading.
c.OverwriteCells.add_missing_cells = True

# Answer cells show `jawaban_N = ""` above the solution region, so the region itself is
# replaced by nothing: learners edit one line and never meet `raise NotImplementedError()`.
c.ClearSolutions.code_stub = {"python": ""}
c.ClearSolutions.text_stub = "_Tulis jawaban Anda di sini (ganti kalimat ini)._"

# Feedback shows which check failed and its message, never the hidden tests (and so never the key).
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "egov_course.grading.hidden_tests.HideHiddenTests",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]

# Submissions carry Western Indonesia Time (WIB, UTC+7), the time zone of Kota Dumai.
# The format has no spaces on purpose: nbgrader's parse_utc reads a zone written after a space
# wrongly ("... WIB" as UTC, 7 hours off; "... +0700" as 700 seconds), which would misjudge lateness.
c.Exchange.timezone = "Asia/Jakarta"
c.Exchange.timestamp_format = "%Y-%m-%dT%H:%M:%S.%f%z"
