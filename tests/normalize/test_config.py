"""CleanConfig refuses a bad value at once, naming the field (not later, or never)."""

from __future__ import annotations

import pytest

from viplan_ocr import clean
from viplan_ocr.errors import ExitCode, UsageError
from viplan_ocr.normalize import CleanConfig, ToneStyle


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"tone_style": "olde"}, "tone_style"),
        ({"restore_min_confidence": 5}, "restore_min_confidence"),
        ({"restore_min_confidence": -0.1}, "restore_min_confidence"),
        ({"restore_min_confidence": "high"}, "restore_min_confidence"),
        ({"restore": "no"}, "restore"),
        ({"noise": 0}, "noise"),
    ],
)
def test_a_bad_value_is_an_error_naming_the_field(options, field):
    with pytest.raises(UsageError, match=field) as caught:
        CleanConfig(**options)
    assert caught.value.exit_code == ExitCode.USAGE
    with pytest.raises(UsageError, match=field):
        clean("Ke hoach", **options)


def test_an_unknown_option_is_named():
    with pytest.raises(UsageError, match="tone_styl"):
        CleanConfig.from_options(tone_styl="old")


def test_good_values_are_taken_and_a_style_name_becomes_the_enum():
    config = CleanConfig(tone_style="old", restore_min_confidence=1)
    assert config.tone_style is ToneStyle.OLD
    assert clean("Hòa bình", tone_style="old") == "Hoà bình"
