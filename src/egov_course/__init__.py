"""egov_course: an nbgrader course in e-Government (SPBE) for the ASN of Pemerintah Kota Dumai.

Public API: the roster rules (:func:`parse_nip`, :func:`read_roster`), the learner helpers used by
quiz notebooks (:mod:`egov_course.quiz`), the synthetic cohort (:func:`simulate`), cohort grading
(:func:`grade`) and the course directory wrapper (:class:`Course`).
"""

__version__ = "0.1.0"

from .coursedir import Course  # noqa: E402
from .errors import EgovCourseError, InputFileError, Problem, RosterError  # noqa: E402
from .roster import parse_nip, read_roster  # noqa: E402

__all__ = ["Course", "EgovCourseError", "InputFileError", "Problem", "RosterError", "__version__",
           "parse_nip", "read_roster"]
