"""Reading one table (CSV or XLSX) into located rows.

A table is read into :class:`Table`: the headers as written in the file, matched to
canonical English column names through aliases, and :class:`Row` objects that know
their spreadsheet row number (the header is row 1). Every error raised here is a
:class:`~rotation.errors.ScenarioError` naming the file, the row and the column as
the user wrote it, because that is what they can find in Excel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from rotation.dates import parse_date
from rotation.errors import ScenarioError

Cell = str | int | float | bool | dt.date | dt.datetime | None


@dataclass(frozen=True)
class Column:
    """A column: its canonical English name, the other names accepted, and whether
    the file must have it."""

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False


def normalise_header(header: object) -> str:
    """The header as matched: lower case, without a BOM, spaces, ``_`` or ``-``.

    So ``Birth Date``, ``birth_date`` and `` 出生 年月`` match their column.
    """
    text = "" if header is None else str(header)
    text = text.replace("\ufeff", "").lower().replace("_", " ").replace("-", " ")
    return "".join(text.split())  # str.split() also splits on the full-width space


@dataclass
class Table:
    """A table read from one file: its headers and its non-blank rows."""

    file: str
    headers: dict[str, str]
    """Canonical column name -> the header as written in the file."""
    rows: list[Row] = field(default_factory=list)

    def header(self, column: str | None) -> str | None:
        """The header as written for a canonical column (the canonical name if absent)."""
        if column is None:
            return None
        return self.headers.get(column, column)

    def error(
        self, message: str, row: int | None = None, column: str | None = None, *, zh: str
    ) -> ScenarioError:
        """An error located in this file (``column`` is the canonical name), ``zh`` its
        message in Chinese."""
        return ScenarioError(message, zh=zh, file=self.file, row=row, column=self.header(column))

    def locate(self, exc: ScenarioError, row: int | None) -> ScenarioError:
        """``exc`` (from a record's constructor) located in this file and row."""
        return exc.located(file=self.file, row=row, column=self.header(exc.column))


@dataclass
class Row:
    """One data row; its cells are keyed by canonical column name."""

    table: Table
    row_number: int
    cells: dict[str, Cell]

    def fail(self, column: str, message: str, *, zh: str) -> ScenarioError:
        """An error in this row and ``column`` (``zh``: the message in Chinese)."""
        return self.table.error(message, self.row_number, column, zh=zh)

    def raw(self, column: str) -> Cell:
        """The cell as read (None when the column is absent)."""
        return self.cells.get(column)

    def text(self, column: str) -> str:
        """The cell as text, stripped; numbers from Excel lose a spurious ``.0``."""
        return cell_text(self.raw(column))

    def date(self, column: str) -> dt.date | None:
        """The cell as a date, None when blank."""
        value = self.raw(column)
        if is_blank(value):
            return None
        try:
            return cell_date(value)
        except ValueError as exc:
            zh = f"无法识别日期“{cell_text(value)}”（可写作2019-03-01、2019-03、2019.03或201903）"
            raise self.fail(column, str(exc), zh=zh) from None

    def required_date(self, column: str, what: str) -> dt.date:
        """The cell as a date; blank is an error."""
        value = self.date(column)
        if value is None:
            raise self.fail(column, f"the {what} is empty", zh="未填写")
        return value

    def integer(self, column: str) -> int | None:
        """The cell as a whole number, None when blank."""
        value = self.raw(column)
        if is_blank(value):
            return None
        number = self._number(column, value, "a whole number")
        if not number.is_integer():
            raise self.fail(
                column,
                f"'{cell_text(value)}' is not a whole number",
                zh=f"“{cell_text(value)}”不是整数",
            )
        return int(number)

    def number(self, column: str) -> float | None:
        """The cell as a number, None when blank."""
        value = self.raw(column)
        if is_blank(value):
            return None
        return self._number(column, value, "a number")

    def _number(self, column: str, value: Cell, what: str) -> float:
        en = f"'{cell_text(value)}' is not {what}"
        zh = f"“{cell_text(value)}”不是{'整数' if 'whole' in what else '数字'}"
        if isinstance(value, bool | dt.date):
            raise self.fail(column, en, zh=zh)
        try:
            number = float(value) if isinstance(value, int | float) else float(cell_text(value))
        except ValueError:
            raise self.fail(column, en, zh=zh) from None
        if not math.isfinite(number):
            raise self.fail(column, en, zh=zh)
        return number


def is_blank(value: Cell) -> bool:
    """Whether a cell is empty (None or only spaces)."""
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Cell) -> str:
    """A cell as text. Excel stores an id typed as 1001 as the float 1001.0."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).replace("\u3000", " ").strip()


def cell_date(value: Cell) -> dt.date:
    """A cell as a date; raises ``ValueError`` naming the text.

    Excel turns ``2019.10`` typed in a cell into the float 2019.1, so a fractional
    number is read with two decimals (year.month), never as January.
    """
    if isinstance(value, float) and not value.is_integer():
        return parse_date(f"{value:.2f}")
    return parse_date(value)


def read_table(
    path: Path,
    columns: Sequence[Column],
    *,
    display: str | None = None,
    needs_rows: str | None = None,
    sheet_names: Iterable[str] = (),
) -> Table:
    """Read ``path`` (CSV or XLSX) and match its headers to ``columns``.

    ``display`` is how errors name the file. ``needs_rows`` (a description such as
    "people") makes a table without data rows an error. For XLSX, the first sheet
    whose name is in ``sheet_names`` is read, else the first sheet. The file is only
    read, never opened for writing.
    """
    file = display or str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(
            f"cannot open the file ({exc.strerror})",
            zh=f"无法打开文件（{exc.strerror}）",
            file=file,
        ) from None
    if not data.strip():
        names = ", ".join(c.name for c in columns if c.required) or columns[0].name
        raise ScenarioError(
            f"the file is empty; it needs a header row (row 1) with at least: {names}",
            zh=f"文件为空；第1行须为表头，至少包括：{names}",
            file=file,
        )
    if path.suffix.lower() == ".xlsx":
        grid = _xlsx_rows(data, file, sheet_names)
    else:
        grid = _csv_rows(data, file)
    table = _match(grid, columns, file)
    if needs_rows and not table.rows:
        raise ScenarioError(
            f"there are no {needs_rows}: the file has a header but no data rows",
            zh="文件只有表头，没有数据行",
            file=file,
        )
    return table


def _csv_rows(data: bytes, file: str) -> list[list[Cell]]:
    # UTF-8 (utf-8-sig drops a BOM if there is one), then GBK: what Excel on Chinese
    # Windows writes. gb18030 is a superset of GBK and rejects the bytes GBK rejects.
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        # UTF-16 without a BOM decodes "successfully" into text full of NULs.
        if "\x00" not in text:
            break
    else:
        raise ScenarioError(
            "cannot read the file as UTF-8 or GBK (this concerns the whole file, not a "
            "row or column); save it as CSV UTF-8",
            zh="无法按UTF-8或GBK编码读取文件（涉及整个文件，而非某行某列）；请另存为“CSV UTF-8”",
            file=file,
        )
    try:
        return [list(record) for record in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ScenarioError(
            f"the file is not valid CSV: {exc}", zh=f"文件不是有效的CSV：{exc}", file=file
        ) from None


def _xlsx_rows(data: bytes, file: str, sheet_names: Iterable[str]) -> list[list[Cell]]:
    try:
        # From bytes, so the workbook file itself is never held open or touched.
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or foreign file
        raise ScenarioError(
            f"cannot read the file as an Excel workbook (.xlsx): {exc}",
            zh=f"无法按Excel工作簿（.xlsx）读取文件：{exc}",
            file=file,
        ) from None
    try:
        wanted = {normalise_header(n) for n in sheet_names}
        sheet = next(
            (ws for ws in book.worksheets if normalise_header(ws.title) in wanted),
            book.worksheets[0],
        )
        return [list(r) for r in sheet.iter_rows(min_row=1, values_only=True)]
    finally:
        book.close()


HEADER_SEARCH = 10
"""How many non-blank rows from the top may hold the header: a 干部名册 often starts with
a title (示例区纪委监委干部名册（2027年1月）) or a note above its header row."""


def _header_start(grid: list[list[Cell]], lookup: Mapping[str, str], required: set[str]) -> int:
    """The index of the header row: the first of the first :data:`HEADER_SEARCH` non-blank
    rows that names every required column, else the one of them naming the most columns
    (whose missing column is then reported); -1 when every row is blank."""
    filled = (i for i, r in enumerate(grid) if any(not is_blank(c) for c in r))
    named = {
        i: {lookup.get(normalise_header(raw)) for raw in grid[i]}
        for i in itertools.islice(filled, HEADER_SEARCH)
    }
    for i, names in named.items():
        if required <= names:
            return i
    return max(named, key=lambda i: (len(named[i] - {None}), -i), default=-1)


def _match(grid: list[list[Cell]], columns: Sequence[Column], file: str) -> Table:
    # rows keep their spreadsheet numbers; those above the header (a title) are skipped
    lookup = {normalise_header(alias): c.name for c in columns for alias in (c.name, *c.aliases)}
    start = _header_start(grid, lookup, {c.name for c in columns if c.required})
    if start < 0:
        raise ScenarioError("the file has no header row", zh="文件没有表头行", file=file)
    header_row = start + 1
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for j, raw in enumerate(grid[start]):
        written = cell_text(raw).replace("\ufeff", "")
        name = lookup.get(normalise_header(raw))
        if name is None:
            continue  # extra columns (民族, 学历 …) are the user's own business
        if name in headers:
            raise ScenarioError(
                f"columns '{headers[name]}' and '{written}' both mean '{name}'",
                zh=f"“{headers[name]}”列与“{written}”列含义相同（均为{name}）",
                file=file,
                row=header_row,
                column=written,
            )
        headers[name] = written
        positions[name] = j
    for c in columns:
        if c.required and c.name not in headers:
            aliases = "/".join((c.name, *c.aliases[:1]))
            raise ScenarioError(
                f"the required column is missing from the header ({aliases})",
                zh=f"表头缺少必需的列（{aliases}）",
                file=file,
                row=header_row,
                column=c.name,
            )
    table = Table(file, headers)
    for i in range(start + 1, len(grid)):
        record = grid[i]
        if all(is_blank(c) for c in record):
            continue
        cells = {name: record[j] if j < len(record) else None for name, j in positions.items()}
        table.rows.append(Row(table, i + 1, cells))
    return table
