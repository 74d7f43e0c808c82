"""``.json``: the plan's structure, schema ``viplan-ocr/plan/1`` (``parse/plan.schema.json``).

The JSON contract is stable: other tools read these files (and ``targets.csv`` is rebuilt from
them), so the layout below (UTF-8 kept as is, two-space indent, final newline) never changes.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from viplan_ocr.writers.base import DocumentWriter

if TYPE_CHECKING:
    from viplan_ocr.pipeline import Converted


def render(converted: Converted) -> str:
    """The plan as indented JSON, Vietnamese letters kept readable (not ``\\u1ebf``)."""
    return json.dumps(converted.plan.to_dict(), ensure_ascii=False, indent=2) + "\n"


WRITER = DocumentWriter("json", ".json", render)
