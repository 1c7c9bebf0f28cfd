"""The one error type a user sees for bad input."""

from __future__ import annotations

TABLE_ZH = {
    "people": "人员",
    "units": "单位",
    "relations": "亲属关系",
    "history": "任职经历",
    "pins": "指定安排",
    "distances": "距离",
    "hires": "拟招录",
    "absences": "培训挂职",
    "published": "已公布方案",
    "assignments": "方案",
}
"""Chinese names of the tables, for errors that name a table rather than a file."""


class ScenarioError(ValueError):
    """Bad input, located as precisely as it can be, in English and Chinese.

    ``table`` and ``index`` locate the offending record inside a :class:`Scenario`
    (``index`` counts records from 0); the readers in :mod:`rotation.io` add
    ``file`` and ``row`` (as a spreadsheet shows it: the header is row 1). ``zh`` is the
    message in Chinese (the English one when not given); :meth:`text` gives the whole
    sentence, location included, in either language.
    """

    def __init__(
        self,
        message: str,
        *,
        zh: str | None = None,
        table: str | None = None,
        index: int | None = None,
        column: str | None = None,
        file: str | None = None,
        row: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.message_zh = zh or message
        self.table = table
        self.index = index
        self.column = column
        self.file = file
        self.row = row

    def located(self, *, file: str, row: int | None, column: str | None = None) -> ScenarioError:
        """A copy of this error that names the file, row and column."""
        return ScenarioError(
            self.message,
            zh=self.message_zh,
            table=self.table,
            index=self.index,
            column=column or self.column,
            file=file,
            row=row,
        )

    def text(self, lang: str = "en") -> str:
        """Where and what, in ``lang`` ("en" or "zh")."""
        where = []
        zh = lang == "zh"
        if self.file:
            where.append(self.file)
        elif self.table:
            where.append(TABLE_ZH.get(self.table, self.table) + "表" if zh else self.table)
        if self.row is not None:
            where.append(f"第{self.row}行" if zh else f"row {self.row}")
        elif self.index is not None and not self.file:
            where.append(f"第{self.index + 1}条" if zh else f"record {self.index + 1}")
        if self.column:
            where.append(self.column_words(lang))
        message = self.message_zh if zh else self.message
        if not where:
            return message
        return f"{'，'.join(where)}：{message}" if zh else f"{', '.join(where)}: {message}"

    def column_words(self, lang: str = "en") -> str:
        """The column named in ``lang``; in a settings file (scenario.toml) the column is
        a setting, and is called one."""
        setting = self.file is not None and self.file.endswith(".toml")
        if lang == "zh":
            return f"“{self.column}”{'设置项' if setting else '列'}"
        return f"{'setting' if setting else 'column'} '{self.column}'"

    def __str__(self) -> str:
        return self.text("en")
