"""Cohort grading on top of nbgrader."""

from .autograde import STATUSES, GradeResult, feedback, grade, write_results

__all__ = ["STATUSES", "GradeResult", "feedback", "grade", "write_results"]
