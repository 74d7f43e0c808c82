"""A scanned table laid out as text: its rows line by line as the page prints them."""

from __future__ import annotations

from viplan_ocr.document import Grid, Table, Word
from viplan_ocr.writers.grid import _grid_text, row_lines


def _words(cells: dict[tuple[int, int], list[tuple[str, int]]]) -> list[Word]:
    """Words of a 2x3 grid (columns 0-60-400-560, rows 0-40-200), each (text, top) in its cell."""
    lefts = {0: 10, 1: 70, 2: 410}
    words = []
    for (_, column), items in cells.items():
        x = lefts[column]
        for text, top in items:
            words.append(Word(text, box=(x, top, 12 * len(text), 24)))
            x += 12 * len(text) + 10
    return words


def test_a_centred_cell_prints_beside_the_middle_line_of_its_neighbour():
    """A number centred in a row of three printed lines stands by the second: the ``.txt`` prints
    it there (and the hidden layer draws it there), not beside the first line."""
    grid = Grid(rows=(0, 40, 200), columns=(0, 60, 400, 560))
    cells = {
        (0, 0): [("TT", 8)],
        (0, 1): [("Chỉ", 8), ("tiêu", 8)],
        (0, 2): [("2024", 8)],
        (1, 0): [("7", 95)],
        (1, 1): [("Tỷ", 50), ("số", 50), ("giới", 50), ("bé", 95), ("trai/100", 95), ("bé", 140), ("gái", 140)],
        (1, 2): [("110", 95)],
    }
    table = Table(rows=(), box=(0, 0, 560, 200), grid=grid, header_rows=1)
    lines = row_lines(table, _words(cells))
    assert [[" ".join(t for t, _ in cell) for cell in line] for line in lines[1]] == [
        ["", "Tỷ số giới", ""],
        ["7", "bé trai/100", "110"],
        ["", "bé gái", ""],
    ]
    text = _grid_text(table, _words(cells)).splitlines()
    assert text[0].split() == ["TT", "Chỉ", "tiêu", "2024"] and text[1] == ""
    assert [line.split() for line in text[2:]] == [["Tỷ", "số", "giới"], ["7", "bé", "trai/100", "110"], ["bé", "gái"]]
