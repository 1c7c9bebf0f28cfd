"""The one error type a user sees for bad input."""

from __future__ import annotations


class ScenarioError(ValueError):
    """Bad input, located as precisely as it can be.

    ``table`` and ``index`` locate the offending record inside a :class:`Scenario`
    (``index`` counts records from 0); the readers in :mod:`rotation.io` add
    ``file`` and ``row`` (as a spreadsheet shows it: the header is row 1).
    """

    def __init__(
        self,
        message: str,
        *,
        table: str | None = None,
        index: int | None = None,
        column: str | None = None,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.table = table
        self.index = index
        self.column = column
        self.file = file
        self.row = row

    def located(self, *, file: str, row: int | None, column: str | None = None) -> ScenarioError:
        """A copy of this error that names the file, row and column."""
        return ScenarioError(
            self.message,
            table=self.table,
            index=self.index,
            column=column or self.column,
            file=file,
            row=row,
        )

    def __str__(self) -> str:
        where = []
        if self.file:
            where.append(self.file)
        elif self.table:
            where.append(self.table)
        if self.row is not None:
            where.append(f"row {self.row}")
        elif self.index is not None and not self.file:
            where.append(f"record {self.index + 1}")
        if self.column:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}" if where else self.message
