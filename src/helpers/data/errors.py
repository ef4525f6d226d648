"""Validation problems of the dataset and the error that carries them."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a data file, with where it is and how to fix it.

    `line` is 1-based (the CSV header is line 1). `column` names a CSV column or a YAML field;
    when no column applies, `char` gives the 1-based character position on the line instead.
    """

    file: str
    line: int
    column: str | None
    message: str
    fix: str
    char: int | None = None

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        if self.column is None:
            where += f":{self.char or 1}"
            what = self.message
        else:
            kind = "field" if self.file.endswith((".yml", ".yaml")) else "column"
            what = f"{kind} '{self.column}': {self.message}"
        return f"{where}: {what}; {self.fix}" if self.fix else f"{where}: {what}"

    def sort_key(self) -> tuple:
        return (self.file, self.line, self.column or "", self.message)


class DataValidationError(Exception):
    """The dataset has problems; `problems` lists all of them (one run finds them all)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=Problem.sort_key)
        super().__init__(str(self))

    def __str__(self) -> str:
        return "\n".join(str(p) for p in self.problems)
