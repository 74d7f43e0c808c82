"""Two columns printed side by side on one row, told apart by the gutter between them.

A header prints the issuer block left and the national motto right, row by row; the end of a
letter prints the recipients left and the signature right. An OCR engine and a PDF text layer
both give each row as one line, the columns joined by a single space (``TỈNH QUẢNG NGÃI Độc
lập - Tự do - Hạnh phúc``). The gutter is still there in the boxes: a gap of several
letter-heights between two words, where words stand about half a height apart. There the line's
text gets a column gap (:data:`COLUMN_SEPARATOR`), which cleaning keeps and the parser splits at
(:func:`viplan_ocr.vietnamese.layout.cells`).
"""

from __future__ import annotations

from collections.abc import Sequence

#: A gap between two words this many times the line's letter height is a gutter.
COLUMN_GAP_HEIGHTS = 2.5
#: What stands for a gutter in a line's text: three spaces or more mark a column
#: (:data:`viplan_ocr.vietnamese.layout.COLUMN_GAP`).
COLUMN_SEPARATOR = "     "


def gutters(spans: Sequence[tuple[float, float]], height: float) -> list[int]:
    """The indexes of the items that start a new column, from their (left, right) extents.

    >>> gutters([(100, 140), (150, 165), (175, 210), (900, 950), (960, 1005)], 30)
    [3]
    >>> gutters([(0, 10), (14, 30)], 0)
    []
    """
    if height <= 0:
        return []
    return [
        index for index in range(1, len(spans)) if spans[index][0] - spans[index - 1][1] > COLUMN_GAP_HEIGHTS * height
    ]


def median(values: Sequence[float]) -> float:
    """The middle value (0 for none): a line's typical letter height."""
    ordered = sorted(values)
    return ordered[len(ordered) // 2] if ordered else 0.0


__all__ = ["COLUMN_GAP_HEIGHTS", "COLUMN_SEPARATOR", "gutters", "median"]
