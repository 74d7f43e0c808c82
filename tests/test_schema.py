"""The JSON contract (schema viplan-ocr/plan/1): real outputs validate, every key is described."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from viplan_ocr import clean
from viplan_ocr.parse import parse
from viplan_ocr.parse.model import SCHEMA_ID
from viplan_ocr.parse.schema import plan_schema

CASES = Path(__file__).parent / "cases" / "plans"
#: The keys of the foundation contract, in its order; extras may only follow them.
CONTRACT = {
    "plan": ["schema", "source", "header", "sections", "targets", "signature", "recipients"],
    "header": ["issuer", "doc_type", "number", "date", "title", "period", "references"],
    "reference": ["kind", "number", "date", "issuer"],
    "section": ["number", "title", "level", "text", "children"],
    "target": ["id", "phase", "text", "metrics"],
    "metric": ["value", "unit", "comparator", "year", "text"],
    "signature": ["authority", "position", "name"],
}


def inputs(seeds) -> dict[str, str]:
    texts = {f"seed-{name}": path.read_text(encoding="utf-8") for name, path in seeds.items()}
    texts.update({p.name: p.read_text(encoding="utf-8") for p in sorted(CASES.glob("*.txt"))})
    texts["not-a-plan"] = "Hà Nội là thủ đô của Việt Nam.\nDân số khoảng 8 triệu người."
    texts["empty"] = ""
    return texts


@pytest.fixture(scope="module")
def validator():
    schema = plan_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_schema_is_draft_2020_12_with_our_id():
    schema = plan_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["schema"]["const"] == SCHEMA_ID == "viplan-ocr/plan/1"


def test_real_outputs_validate(seeds, validator):
    for name, text in inputs(seeds).items():
        for variant, source in (("raw", text), ("cleaned", clean(text))):
            plan = parse(source).to_dict()
            errors = sorted(validator.iter_errors(plan), key=str)
            assert not errors, f"{name} ({variant}): {errors[0].message} at {list(errors[0].absolute_path)}"


def test_json_round_trip_is_stable_and_unescaped(seeds):
    text = seeds["clean"].read_text(encoding="utf-8")
    first = json.dumps(parse(text).to_dict(), ensure_ascii=False)
    assert first == json.dumps(parse(text).to_dict(), ensure_ascii=False)
    assert "Kế hoạch" in first
    assert json.loads(first)["schema"] == SCHEMA_ID


def test_contract_keys_come_first_in_contract_order(seeds):
    plan = parse(seeds["ocr"].read_text(encoding="utf-8")).to_dict()
    samples = {
        "plan": plan,
        "header": plan["header"],
        "reference": plan["header"]["references"][0],
        "section": plan["sections"][0],
        "target": plan["targets"][0],
        "metric": plan["targets"][0]["metrics"][0],
        "signature": plan["signature"],
    }
    for name, keys in CONTRACT.items():
        assert list(samples[name])[: len(keys)] == keys, name


def _described(node, path="#"):
    """Every property in the schema has a description (directly or through its $ref)."""
    missing = []
    for key, sub in node.get("properties", {}).items():
        if "description" not in sub and "$ref" not in sub:
            missing.append(f"{path}/{key}")
        missing += _described(sub, f"{path}/{key}")
    for key, sub in node.get("$defs", {}).items():
        missing += _described(sub, f"{path}/$defs/{key}")
    for sub in node.get("oneOf", []):
        missing += _described(sub, path)
    return missing


def test_every_key_is_described():
    assert _described(plan_schema()) == []


def test_cli_parse_output_validates(run_cli, seeds, validator):
    """`viplan-ocr parse` on both seeds: JSON valid against the schema, Roman sections and targets present."""
    for name, path in seeds.items():
        result = run_cli("parse", path)
        assert result.code == 0, result.err
        plan = json.loads(result.out)
        errors = sorted(validator.iter_errors(plan), key=str)
        assert not errors, f"{name}: {errors[0].message}"
        assert [s["number"] for s in plan["sections"]][:2] == ["I", "II"]
        assert plan["targets"], name
