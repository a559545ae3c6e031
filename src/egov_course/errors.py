"""One exception root for everything the course tools report to a user."""

from __future__ import annotations

from dataclasses import dataclass


class EgovCourseError(Exception):
    """A problem the user can fix; the message says where and how."""


@dataclass(frozen=True)
class Problem:
    """One problem in an input file: where it is and what to fix."""

    row: int | None  # line number in the file (the header is line 1); None for the whole file
    field: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"baris {self.row}")
        if self.field:
            where.append(f"kolom '{self.field}'")
        prefix = ", ".join(where)
        return f"{prefix}: {self.message}" if prefix else self.message


class InputFileError(EgovCourseError):
    """An input file has one or more problems; nothing was taken from it."""

    def __init__(self, path, problems: list[Problem], what: str = "berkas"):
        self.path = str(path)
        self.problems = list(problems)
        lines = [f"{what} {self.path}: {len(self.problems)} masalah, tidak ada data yang diimpor."]
        lines += [f"  - {p}" for p in self.problems]
        super().__init__("\n".join(lines))


class RosterError(InputFileError):
    """The roster CSV has problems (bad NIP, unknown OPD, duplicates, ...)."""

    def __init__(self, path, problems: list[Problem]):
        super().__init__(path, problems, what="Daftar peserta")


class ContentError(InputFileError):
    """A content data file (YAML) does not follow its schema."""

    def __init__(self, path, problems: list[Problem]):
        super().__init__(path, problems, what="Berkas konten")
