"""Ruled tables: found by pdfplumber on a text-layer page, or by their rules on a scan.

Reports keep their figures in ruled tables (``TT | Chỉ tiêu | Đơn vị | Kế hoạch | Thực hiện``);
read as lines, a row's cells run together and a cell wrapped over two lines splits its row. So
each page also keeps its ruled tables as grids of cells (:class:`~viplan_ocr.document.Table`):

- a **text-layer** page: pdfplumber's table finder on the drawn rules (:func:`pdf_tables`); the
  borderless tables offices lay the header and signature out with have none, so they stay lines;
- a **scan**: the rules are long straight runs of ink (:func:`rules`), found with numpy on the
  binarised image the OCR job already has; where horizontal and vertical rules cross they make a
  grid (:class:`~viplan_ocr.document.Grid`), and each OCR word goes to the cell its centre falls
  in (:func:`fill`). Cleaning puts its cleaned words back into the same cells.

Finding the rules costs a few cumulative sums over the image: a fraction of the OCR's time.
"""

from __future__ import annotations

import itertools
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import regex

from viplan_ocr.document import Box, Grid, Line, Table, Word, merged_owner

if TYPE_CHECKING:
    import pdfplumber
    from PIL import Image

#: pdfplumber's finder on drawn rules only: text alignment alone makes tables of every header.
PDF_SETTINGS: dict[str, Any] = {
    "vertical_strategy": "lines",
    "horizontal_strategy": "lines",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 3,
}
#: A horizontal rule is a run of ink at least this long (inches): longer than any word.
RULE_ACROSS = 0.4
#: A vertical rule is at least this long (inches): taller than a letter with its marks (``Ữ``, ``|``).
RULE_DOWN = 0.2
#: Rules closer than this (inches) are one (a double rule; a rule's two edges on a dark scan).
RULE_MERGE = 0.05
#: A grid needs this many rules each way: two rows of two cells (a boxed note is no table).
MIN_RULES = 3
#: A cell holding only a number (``6,45``, ``4.500.000``, ``99,5%``, ``-0,59``): a data row.
NUMBER_CELL = regex.compile(r"^[<>≤≥~]?\s*[-+]?\d[\d.,]*\s*(?:%|‰|%o)?$")
#: The first cell of a numbered row: ``1``, ``12``, ``I``, ``a``, ``1.2``.
ORDINAL_CELL = regex.compile(r"^(?:\d{1,3}(?:\.\d{1,2})*|[IVX]{1,5}|[a-zđ])[.)]?$")
#: A heading that is a year, alone or after a short word: ``2026``, ``KH 2026``, ``TH 2025``.
YEAR_HEADING = regex.compile(r"^(?:\p{L}{1,3}\.?\s*)?(?:19|20)\d{2}$")
#: What OCR reads a rule as, when it reads it at all.
RULE_GLYPHS = "|¦[]"


def count_header_rows(rows: Sequence[Sequence[str]]) -> int:
    """How many rows at the top of a table are column headings.

    The heading rows end at the first row that is data: numbered in its first cell (``1``,
    ``I``) or with figures in a third of its filled cells (a cell mostly of digits: OCR's
    ``28,`` and ``1RỊ`` still count or fail alone). A table with no such row has its first row
    as the heading.

    >>> count_header_rows([["TT", "Chỉ tiêu", "Kế hoạch"], ["1", "Số bác sĩ/vạn dân", "6,45"]])
    1
    >>> count_header_rows([["TT", "Chỉ tiêu", "Năm 2017", ""], ["", "", "Kế hoạch", "Ước"], ["1", "Bác sĩ", "6", "7"]])
    2
    >>> count_header_rows([["Ngày", "Nội dung"], ["Thứ Hai", "Họp giao ban"]])
    1
    """
    for index, row in enumerate(rows):
        filled = [cell.strip() for cell in row if cell.strip()]
        if not filled:
            continue
        numbers = sum(figure_like(cell) for cell in filled)
        numbered = bool(ORDINAL_CELL.match(filled[0].split("\n")[0])) and len(filled) > 1
        if numbered or (len(filled) > 1 and numbers * 3 >= len(filled)):
            return index
    return min(1, len(rows))


def holds_data(rows: Sequence[Sequence[str]]) -> bool:
    """Whether a grid reads as a table: at least half its rows with text (and two at least) have two
    cells filled or more.

    A Word file turned PDF may draw a frame around its whole body, or a cell per paragraph; its
    rows then hold one paragraph each, and the page reads right as lines.

    >>> holds_data([["Để đẩy nhanh tiến độ", ""], ["a) Tập trung thực hiện", ""], ["trước UBND tỉnh", ""]])
    False
    >>> holds_data([["STT", "Họ và tên"], ["1", "Nguyễn Văn Thành"], ["", "Lê Văn Thúc"]])
    True
    """
    counts = [sum(bool(cell.strip()) for cell in row) for row in rows]
    written = [count for count in counts if count]
    wide = sum(count >= 2 for count in written)
    return wide >= 2 and 2 * wide >= len(written)


def figure_like(cell: str) -> bool:
    """Mostly digits: ``4.500.000``, ``28,``, ``99,5%``, but not ``Năm 2017``, ``KH 2026``,
    ``2025`` (a year heads a column) or ``9=7/4``.

    >>> [figure_like(cell) for cell in ("4.500.000", "28,", "KH 2026", "2025", "9=7/4")]
    [True, True, False, False, False]
    """
    if YEAR_HEADING.match(cell.strip()):
        return False
    marks = [c for c in cell if not c.isspace()]
    letters = sum(c.isalpha() for c in marks)
    return bool(NUMBER_CELL.match(cell)) or (
        sum(c.isdigit() for c in marks) * 2 > len(marks) and letters <= 2 and "=" not in cell
    )


def _nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", (text or "").replace("\xa0", " ")).strip()


def pdf_tables(page: pdfplumber.page.Page) -> tuple[Table, ...]:
    """The ruled tables of a text-layer page, top to bottom, boxes in points.

    A page without drawn rules is not searched (most pages: the finder costs more than the
    reading). A "table" of one row or one column, or whose rows mostly hold one cell of text
    (:func:`holds_data`), is a frame around text, not a table.
    """
    if not (page.lines or page.rects or page.curves):
        return ()
    found = []
    try:
        candidates = page.find_tables(PDF_SETTINGS)
    except Exception:  # a damaged drawing: the page's text still stands, without tables
        return ()
    for table in candidates:
        rows = tuple(tuple(_nfc(cell) for cell in row) for row in table.extract())
        if len(rows) < 2 or max(len(row) for row in rows) < 2:
            continue
        if not holds_data(rows):
            continue
        x0, top, x1, bottom = table.bbox
        box = (round(x0), round(top), round(x1 - x0), round(bottom - top))
        merged = spans([row.cells for row in table.rows])
        found.append(Table(rows=rows, ruled=True, box=box, header_rows=count_header_rows(rows), merged=merged))
    return tuple(sorted(found, key=lambda t: (t.box[1], t.box[0]) if t.box else (0, 0)))


def spans(cells: Sequence[Sequence[tuple[float, float, float, float] | None]]) -> tuple[tuple[int, int, int, int], ...]:
    """The merged cells of a pdfplumber table, from its rows of cell boxes (x0, top, x1, bottom).

    pdfplumber gives a merged cell once, in its first row and column, and None for the places
    it covers; its box tells how many columns and rows it reaches.

    >>> spans([[(0, 0, 10, 20), (10, 0, 30, 10), None], [None, (10, 10, 20, 20), (20, 10, 30, 20)]])
    ((0, 0, 2, 1), (0, 1, 1, 2))
    """
    lefts = [
        min((row[c][0] for row in cells if c < len(row) and row[c]), default=None)
        for c in range(max(map(len, cells), default=0))
    ]
    tops = [min((cell[1] for cell in row if cell), default=None) for row in cells]
    merged = []
    for r, row in enumerate(cells):
        for c, cell in enumerate(row):
            if cell is None:
                continue
            x0, top, x1, bottom = cell
            columns = sum(1 for left in lefts if left is not None and x0 - 1 <= left < x1 - 1)
            rows = sum(1 for high in tops if high is not None and top - 1 <= high < bottom - 1)
            if columns > 1 or rows > 1:
                merged.append((r, c, max(1, rows), max(1, columns)))
    return tuple(merged)


# --- Scans -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """A straight rule of a scan: where it starts and ends along itself, and its points' fit.

    For a horizontal rule ``start``/``end`` are x and ``at(x)`` its y; a vertical rule is found on
    the transposed image, so the same holds with x and y swapped.
    """

    start: float
    end: float
    intercept: float
    slope: float

    def at(self, along: float) -> float:
        return self.intercept + self.slope * along

    @property
    def length(self) -> float:
        return self.end - self.start


def ink(image: Image.Image) -> np.ndarray:
    """The image as a boolean array, True where there is ink (Otsu's threshold on the grey levels)."""
    grey = np.asarray(image.convert("L"), dtype=np.uint8)
    histogram = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    levels = np.arange(256, dtype=np.float64)
    weight = np.cumsum(histogram)
    mass = np.cumsum(histogram * levels)
    total, total_mass = weight[-1], mass[-1]
    between = np.zeros(256)
    inside = (weight > 0) & (weight < total)
    dark_mean = mass[inside] / weight[inside]
    light_mean = (total_mass - mass[inside]) / (total - weight[inside])
    between[inside] = weight[inside] * (total - weight[inside]) * (dark_mean - light_mean) ** 2
    threshold = int(np.argmax(between))
    return grey <= threshold


def long_runs(mask: np.ndarray, length: int) -> np.ndarray:
    """The pixels that lie on a horizontal run of True at least ``length`` long (an opening with a
    ``1 x length`` line, from two cumulative sums).

    >>> long_runs(np.array([[1, 1, 1, 0, 1, 1, 0]], dtype=bool), 3).astype(int).tolist()
    [[1, 1, 1, 0, 0, 0, 0]]
    """
    height, width = mask.shape
    if length < 1 or width < length:
        return np.zeros_like(mask)
    sums = np.zeros((height, width + 1), dtype=np.int32)
    np.cumsum(mask, axis=1, out=sums[:, 1:])
    full = (sums[:, length:] - sums[:, :-length]) == length  # a full window starts at each True
    starts = np.zeros((height, full.shape[1] + 1), dtype=np.int32)
    np.cumsum(full, axis=1, out=starts[:, 1:])
    columns = np.arange(width)
    low = np.clip(columns - length + 1, 0, full.shape[1])
    high = np.clip(columns + 1, 0, full.shape[1])
    return (starts[:, high] - starts[:, low]) > 0


def rules(mask: np.ndarray, length: int, gap: int = 2) -> list[Rule]:
    """The horizontal rules in an ink mask: runs of ``length`` or more, joined row to row.

    The ink is first thickened by one pixel up and down, so that a rule a slight skew steps
    from one row to the next, or a 1-bit scan frays, stays one run. A run joins the rule of a
    run at most ``gap`` rows above it that it overlaps.
    """
    thick = mask.copy()
    thick[1:] |= mask[:-1]
    thick[:-1] |= mask[1:]
    runs = long_runs(thick, length)
    padded = np.zeros((runs.shape[0], runs.shape[1] + 2), dtype=np.int8)
    padded[:, 1:-1] = runs
    edges = np.diff(padded, axis=1)
    rows_up, starts = np.nonzero(edges == 1)
    _, ends = np.nonzero(edges == -1)
    groups: list[list[tuple[int, int, int]]] = []
    open_groups: list[tuple[int, int, int, int]] = []  # (group, last row, left, right)
    for row, left, right in zip(rows_up.tolist(), starts.tolist(), ends.tolist(), strict=True):
        open_groups = [g for g in open_groups if g[1] >= row - gap]
        for position, (group, _, g_left, g_right) in enumerate(open_groups):
            if left < g_right and right > g_left:
                groups[group].append((row, left, right))
                open_groups[position] = (group, row, min(left, g_left), max(right, g_right))
                break
        else:
            groups.append([(row, left, right)])
            open_groups.append((len(groups) - 1, row, left, right))
    return [_fit(group) for group in groups]


def _fit(runs: list[tuple[int, int, int]]) -> Rule:
    """A rule through its runs' middles, weighted by their lengths."""
    xs = np.array([(left + right - 1) / 2 for _, left, right in runs])
    ys = np.array([row for row, _, _ in runs], dtype=np.float64)
    weights = np.array([right - left for _, left, right in runs], dtype=np.float64)
    start, end = min(r[1] for r in runs), max(r[2] for r in runs)
    if np.ptp(xs) < 1:
        return Rule(start, end, float(np.average(ys, weights=weights)), 0.0)
    slope, intercept = np.polyfit(xs, ys, 1, w=np.sqrt(weights))
    return Rule(start, end, float(intercept), float(slope))


def _merged(values: Iterable[float], within: float) -> list[float]:
    """Sorted positions with those closer than ``within`` merged into their mean.

    >>> _merged([10, 11, 50, 12.5], 3)
    [11.166666666666666, 50]
    """
    merged: list[list[float]] = []
    for value in sorted(values):
        if merged and value - merged[-1][-1] <= within:
            merged[-1].append(value)
        else:
            merged.append([value])
    return [sum(group) / len(group) if len(group) > 1 else group[0] for group in merged]


def _middle(rule: Rule) -> float:
    return rule.at((rule.start + rule.end) / 2)


def find_grids(image: Image.Image, dpi: int | None = None) -> list[tuple[Grid, tuple[int, int, int, int]]]:
    """The ruled grids of a scanned page, top to bottom, each with its box (in the image's pixels).

    A page scanned at 300 dpi is looked at at half that: a rule is still a line of ink, and the
    sums cost a quarter.
    """
    if not dpi or dpi < 50:  # an image file that does not say (or says 1 dpi): an A4 page wide
        dpi = round(image.width / 8.27)
    mask = ink(image)
    factor = max(1, round(dpi / 160))
    if factor > 1:
        height, width = (mask.shape[0] // factor) * factor, (mask.shape[1] // factor) * factor
        mask = mask[:height, :width].reshape(height // factor, factor, width // factor, factor).any(axis=(1, 3))
    scale = dpi / factor
    across = rules(mask, round(RULE_ACROSS * scale))
    down = [r for r in rules(mask.T, round(RULE_DOWN * scale))]
    if len(across) < MIN_RULES or len(down) < MIN_RULES:
        return []
    long_ones = [r.slope for r in across if r.length > 2 * RULE_ACROSS * scale]
    slope = float(np.median(long_ones)) if long_ones else 0.0
    tolerance = RULE_MERGE * scale
    # Each rule in the deskewed frame: (its place across the other axis, its start, its end).
    horizontal = [
        (_middle(r) - slope * (r.start + r.end) / 2, r.start + slope * r.at(r.start), r.end + slope * r.at(r.end))
        for r in across
    ]
    vertical = [
        (_middle(r) + slope * (r.start + r.end) / 2, r.start - slope * r.at(r.start), r.end - slope * r.at(r.end))
        for r in down
    ]
    # Rules that cross belong to one grid: join them (union-find over the crossings).
    parent = list(range(len(horizontal) + len(vertical)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h, (y, x0, x1) in enumerate(horizontal):
        for v, (x, y0, y1) in enumerate(vertical):
            if x0 - tolerance <= x <= x1 + tolerance and y0 - tolerance <= y <= y1 + tolerance:
                parent[root(h)] = root(len(horizontal) + v)
    grids = []
    for group in {root(i) for i in range(len(parent))}:
        hs = [horizontal[i] for i in range(len(horizontal)) if root(i) == group]
        vs = [vertical[i] for i in range(len(vertical)) if root(len(horizontal) + i) == group]
        if len(hs) < 2 or len(vs) < 2:
            continue
        row_edges = _merged((h[0] for h in hs), tolerance)
        column_edges = _merged((v[0] for v in vs), tolerance)
        # A table open at its sides (or top and bottom) still has its rules' ends as edges.
        left, right = min(h[1] for h in hs), max(h[2] for h in hs)
        top, bottom = min(v[1] for v in vs), max(v[2] for v in vs)
        if column_edges[0] - left > 4 * tolerance:
            column_edges.insert(0, left)
        if right - column_edges[-1] > 4 * tolerance:
            column_edges.append(right)
        if row_edges[0] - top > 4 * tolerance:
            row_edges.insert(0, top)
        if bottom - row_edges[-1] > 4 * tolerance:
            row_edges.append(bottom)
        if len(row_edges) < MIN_RULES or len(column_edges) < MIN_RULES:
            continue
        grid = Grid(
            rows=tuple(e * factor for e in row_edges),
            columns=tuple(e * factor for e in column_edges),
            slope=slope,
            open=_open_edges(row_edges, column_edges, vs, tolerance),
        )
        box = (
            round(column_edges[0] * factor),
            round(row_edges[0] * factor),
            round((column_edges[-1] - column_edges[0]) * factor),
            round((row_edges[-1] - row_edges[0]) * factor),
        )
        grids.append((grid, box))
    return sorted(grids, key=lambda item: (item[1][1], item[1][0]))


def _open_edges(
    row_edges: Sequence[float],
    column_edges: Sequence[float],
    vertical: Sequence[tuple[float, float, float]],
    within: float,
) -> tuple[tuple[int, int], ...]:
    """The (row, column) cells no vertical rule parts from the next column: no rule near the
    edge reaches down to the middle of the row.

    >>> _open_edges([0, 10, 20], [0, 50, 100, 150], [(0, 0, 20), (50, 0, 20), (100, 10, 20), (150, 0, 20)], 2)
    ((0, 1),)
    """
    found = []
    for r in range(len(row_edges) - 1):
        middle = (row_edges[r] + row_edges[r + 1]) / 2
        for c in range(1, len(column_edges) - 1):
            edge = column_edges[c]
            if not any(abs(x - edge) <= within and y0 - within <= middle <= y1 + within for x, y0, y1 in vertical):
                found.append((r, c - 1))
    return tuple(found)


def heading_spans(
    grid: Grid, words: Sequence[Word], rows: Sequence[Sequence[str]], header_rows: int
) -> tuple[tuple[int, int, int, int], ...]:
    """The headings of a scanned table merged over several columns, as (row, column, 1, columns).

    Neighbouring heading cells no rule parts (:attr:`Grid.open`) are one when a line of words
    runs on across an edge between them (a word over it, or two words either side of it no
    further apart than a line is high), or when at most one of them holds words (``Năm 2017``
    centred over three columns, in the middle one). A rule a scan lost between two headings each
    centred in its own cell leaves a wide gap at the edge, and the cells stay apart. Data rows
    are never merged: a figure moved into its neighbour's cell would change what the table says.
    """
    heading = min(header_rows, len(rows))
    # Each heading cell's words, once: (middle, left and right along the row, height).
    spans: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
    for cell, _, (left, top, width, height) in in_cells(grid, words):
        if cell[0] < heading:
            across = grid.across(left, top + height / 2)
            spans.setdefault(cell, []).append((top + height / 2, across, across + width, height))
    merged = []
    for r in range(heading):
        edges = sorted(c + 1 for row, c in grid.open if row == r)  # edge c: between cells c - 1 and c
        for run in _consecutive(edges):
            first, last = run[0] - 1, run[-1]
            written = sum(bool(rows[r][c].strip()) for c in range(first, last + 1) if c < len(rows[r]))
            if written <= 1 or any(_runs_across(grid.columns[edge], spans, r, edge) for edge in run):
                merged.append((r, first, 1, last - first + 1))
    return tuple(merged)


def _consecutive(values: Sequence[int]) -> list[list[int]]:
    """Sorted integers in runs of consecutive ones.

    >>> _consecutive([1, 2, 4, 6, 7, 8])
    [[1, 2], [4], [6, 7, 8]]
    """
    runs: list[list[int]] = []
    for value in values:
        if runs and value == runs[-1][-1] + 1:
            runs[-1].append(value)
        else:
            runs.append([value])
    return runs


def _runs_across(
    edge: float, spans: dict[tuple[int, int], list[tuple[float, float, float, float]]], row: int, column: int
) -> bool:
    """Whether a line of the row's words runs on across ``edge``, between cells ``column - 1`` and
    ``column`` (``spans``: each cell's words as middle, left, right, height)."""
    placed = [*spans.get((row, column - 1), ()), *spans.get((row, column), ())]
    if any(x0 < edge < x1 for _, x0, x1, _ in placed):
        return True
    for line in _text_lines([(y, x0, h, x1) for y, x0, x1, h in placed]):
        for (_, _, height, right), (_, left, _, _) in itertools.pairwise(line):
            if right <= edge <= left and left - right <= 1.2 * height:
                return True
    return False


def fill(
    grid: Grid, words: Iterable[Word], merged: Sequence[tuple[int, int, int, int]] = ()
) -> tuple[tuple[str, ...], ...]:
    """The grid's cells' texts from the words whose box centres fall in them.

    A cell's words are read line by line (:func:`cell_lines`), left to right; the rules OCR
    read as ``|`` are dropped.

    >>> grid = Grid(rows=(0, 40, 80), columns=(0, 100, 200))
    >>> words = [Word("Kế", box=(110, 5, 20, 15)), Word("hoạch", box=(135, 5, 40, 15)), Word("|", box=(98, 45, 4, 30)),
    ...          Word("6,45", box=(120, 50, 30, 15)), Word("Số", box=(5, 45, 20, 15)), Word("bác", box=(5, 62, 25, 15))]
    >>> fill(grid, words)
    (('', 'Kế hoạch'), ('Số\\nbác', '6,45'))
    """
    shape = (len(grid.rows) - 1, len(grid.columns) - 1)
    cells = [["" for _ in range(shape[1])] for _ in range(shape[0])]
    for (row, column), lines in cell_lines(grid, words, merged).items():
        cells[row][column] = "\n".join(" ".join(text for text, _ in line) for line in lines)
    return tuple(tuple(row) for row in cells)


def cell_lines(
    grid: Grid, words: Iterable[Word], merged: Sequence[tuple[int, int, int, int]] = ()
) -> dict[tuple[int, int], list[list[tuple[str, Box]]]]:
    """Each cell's printed lines, top to bottom, each its (text, box) words left to right: the
    words whose box centres fall in the cell (a merged cell's owner takes its span's words),
    in lines whose middles are within half a letter height of each other measured along the
    grid's rules, which lean as the scan does (on a scan turned 1.3°, a cell's line drops 10
    pixels across 450: measured square to the page, its words would fall into two lines).

    The ``.txt`` prints a table's rows line by line from these, and the searchable PDF's hidden
    layer draws the same lines, so that ``pdftotext`` reads the table as the ``.txt`` does.
    """
    found: dict[tuple[int, int], list[tuple[float, float, float, tuple[str, Box]]]] = {}
    for cell, text, box in in_cells(grid, words):
        left, top, width, height = box
        down = grid.down(left + width / 2, top + height / 2)
        found.setdefault(merged_owner(merged, *cell), []).append((down, left, height, (text, box)))
    return {cell: [[item for *_, item in line] for line in _text_lines(items)] for cell, items in found.items()}


def in_cells(grid: Grid, words: Iterable[Word]) -> Iterator[tuple[tuple[int, int], str, tuple[int, int, int, int]]]:
    """Each word whose box's middle falls in a cell of the grid, as (cell, its text without the
    rules OCR read as ``|``, its box); words outside the grid, and rules alone, are left out."""
    for word in words:
        text = word.text.strip(RULE_GLYPHS)
        if not text or word.box is None:
            continue
        left, top, width, height = word.box
        cell = grid.cell_at(left + width / 2, top + height / 2)
        if cell is not None:
            yield cell, text, word.box


def _text_lines(items: list[tuple[float, float, float, Any]]) -> list[list[tuple[float, float, float, Any]]]:
    """(middle, left, height, anything) items in lines (middles within half a height), each left to right."""
    lines: list[list[tuple[float, float, float, Any]]] = []
    for item in sorted(items):
        if lines and abs(item[0] - lines[-1][0][0]) <= max(item[2], lines[-1][0][2]) / 2:
            lines[-1].append(item)
        else:
            lines.append([item])
    return [sorted(line, key=lambda i: i[1]) for line in lines]


def scan_tables(image: Image.Image, lines: Sequence[Line], dpi: int | None = None) -> tuple[Table, ...]:
    """The ruled tables of an OCR'd page: its grids, filled with the OCR words (boxes in pixels).

    A grid whose rows mostly hold one cell of text or none (:func:`holds_data`) is a frame or a
    form's boxes, not a table.
    """
    words = [word for line in lines for word in line.words]
    tables = []
    for grid, box in find_grids(image, dpi):
        rows = fill(grid, words)
        if not holds_data(rows):
            continue
        header_rows = count_header_rows(rows)
        merged = heading_spans(grid, words, rows, header_rows)
        if merged:
            rows = fill(grid, words, merged)
        tables.append(Table(rows=rows, ruled=True, box=box, header_rows=header_rows, grid=grid, merged=merged))
    return tuple(tables)


def refill(tables: Sequence[Table], lines: Sequence[Line]) -> tuple[Table, ...]:
    """The tables with the cells of each grid read again from ``lines`` (a cleaned page's, whose
    words keep their OCR boxes); tables without a grid are kept as they are."""
    words = [word for line in lines for word in line.words]
    return tuple(replace(t, rows=fill(t.grid, words, t.merged)) if t.grid is not None else t for t in tables)


__all__ = [
    "PDF_SETTINGS",
    "Rule",
    "cell_lines",
    "count_header_rows",
    "figure_like",
    "fill",
    "find_grids",
    "heading_spans",
    "holds_data",
    "in_cells",
    "ink",
    "long_runs",
    "pdf_tables",
    "refill",
    "rules",
    "scan_tables",
    "spans",
]
