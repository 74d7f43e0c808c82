"""The JSON Schema of a plan's JSON form, shipped in the package as ``plan.schema.json``.

Other tools validate our output against it (``jsonschema`` is not a dependency of ours: the
tests use it, and so can a caller that has it)::

    import jsonschema
    jsonschema.validate(plan.to_dict(), plan_schema())
"""

from __future__ import annotations

from viplan_ocr.parse.model import SCHEMA_ID
from viplan_ocr.resources import package_json

SCHEMA_FILE = "plan.schema.json"


def plan_schema() -> dict:
    """The schema (draft 2020-12) as a fresh dict, read once per process.

    >>> plan_schema()["properties"]["schema"]["const"] == SCHEMA_ID
    True
    """
    return package_json("viplan_ocr.parse", SCHEMA_FILE)


__all__ = ["SCHEMA_FILE", "SCHEMA_ID", "plan_schema"]
