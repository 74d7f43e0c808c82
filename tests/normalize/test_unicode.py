"""NFC and the tone-mark convention."""

from __future__ import annotations

import unicodedata

from viplan_ocr.document import apply_changes
from viplan_ocr.normalize import CleanConfig, ToneStyle, clean
from viplan_ocr.normalize.unicode import fix_tone_marks, fix_unicode


def test_decomposed_text_becomes_nfc() -> None:
    text = unicodedata.normalize("NFD", "Kế hoạch thực hiện")
    fixed, changes = fix_unicode(text, CleanConfig())
    assert fixed == "Kế hoạch thực hiện"
    assert apply_changes(text, changes) == fixed


def test_tone_style_both_ways() -> None:
    old = "Hoà bình, khoẻ mạnh, Thuỷ lợi, quý, hoạch, NGOÀI"
    new = "Hòa bình, khỏe mạnh, Thủy lợi, quý, hoạch, NGOÀI"
    assert fix_tone_marks(old, CleanConfig(tone_style=ToneStyle.NEW))[0] == new
    assert fix_tone_marks(new, CleanConfig(tone_style=ToneStyle.OLD))[0] == old
    assert fix_tone_marks(new, CleanConfig(tone_style=ToneStyle.NEW)) == (new, [])


def test_tone_changes_replay() -> None:
    text = "giáo dục hoà nhập, sức khoẻ"
    fixed, changes = fix_tone_marks(text, CleanConfig(tone_style="new"))
    assert [c.after for c in changes] == ["hòa", "khỏe"]
    assert apply_changes(text, changes) == fixed


def test_clean_follows_the_configured_style() -> None:
    assert clean("giao duc hoa nhap", tone_style="old") == "giáo dục hoà nhập"
    assert clean("giao duc hoa nhap") == "giáo dục hòa nhập"


def test_printed_marks_are_kept_by_default() -> None:
    # Real documents mix the two placements, even in one file: the header's ỦY BAN and the
    # signature's UỶ BAN. By default each stays as printed; a restored word gets the new style.
    mixed = "ỦY BAN NHÂN DÂN TỈNH\nTM. UỶ BAN NHÂN DÂN\nHoà bình, sức khoẻ, thủy lợi"
    assert clean(mixed) == mixed
    assert fix_tone_marks(mixed, CleanConfig()) == (mixed, [])
    assert clean("Hoà binh, suc khoe") == "Hoà bình, sức khỏe"
    assert clean(mixed, tone_style="new").count("Ủ") + clean(mixed, tone_style="new").count("ủ") == 3


def test_a_mark_where_no_convention_puts_it_moves_to_its_place() -> None:
    # A VNI text layer can set the mark after the last vowel (``khaiù`` read ``khaí``): no style
    # prints it there, so it moves in every style, the ``oa``/``oe``/``uy`` pairs still as printed.
    text = "Các khaí niệm cơ bản\nTaì liệu tham khảo về hoà giải"
    fixed, changes = fix_tone_marks(text, CleanConfig())
    assert fixed == "Các khái niệm cơ bản\nTài liệu tham khảo về hoà giải"
    assert [(c.before, c.after) for c in changes] == [("khaí", "khái"), ("Taì", "Tài")]
    assert clean("Các khaí niệm cơ bản") == "Các khái niệm cơ bản"
    # Not into what the corpus has never spelt that way, nor a fragment of junk.
    assert fix_tone_marks("đo iạ xyaí", CleanConfig()) == ("đo iạ xyaí", [])
