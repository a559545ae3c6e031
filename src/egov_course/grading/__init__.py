"""Cohort grading on top of nbgrader: parallel workers, statuses, report, safe feedback."""

from .autograde import REPORT_COLUMNS, STATUSES, GradeResult, feedback, grade, write_report

__all__ = ["REPORT_COLUMNS", "STATUSES", "GradeResult", "feedback", "grade", "write_report"]
