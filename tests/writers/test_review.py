"""``.review.html``: a self-contained page marking the words to check, from real conversions.

Which words are marked is worked out here from the conversion itself (OCR confidences, the
cleaner's unsure changes), and compared with what the page marks.
"""

from __future__ import annotations

import base64
import io
import json
import re

import pytest
from lxml import html as lxml_html
from PIL import Image

from viplan_ocr import convert
from viplan_ocr.document import REVIEW_BELOW
from viplan_ocr.extract.synthetic import text_pdf
from viplan_ocr.normalize.anchors import trace
from viplan_ocr.normalize.corrections import SCHEMA_ID, Action, ChangeRef, Decision
from viplan_ocr.pipeline import convert_document
from viplan_ocr.writers import WRITERS
from viplan_ocr.writers.pageimages import MAX_SIDE
from viplan_ocr.writers.review import LOW_OCR_CONFIDENCE


def page_of(converted):
    return lxml_html.fromstring(WRITERS["review"].render(converted))


def data_of(tree) -> dict:
    return json.loads(tree.get_element_by_id("review-data").text)


def having(*classes: str) -> str:
    """An XPath test for elements holding every one of ``classes`` (lxml's CSS needs cssselect)."""
    return " and ".join(f"contains(concat(' ', @class, ' '), ' {name} ')" for name in classes)


def select(tree, *classes: str, within: str = "") -> list:
    """The elements with ``classes`` (inside an element with class ``within``, when given)."""
    prefix = f"//*[{having(within)}]" if within else ""
    return tree.xpath(f"{prefix}//*[{having(*classes)}]")


def marked(tree, mark: str) -> set[str]:
    return {e.get("data-k") for e in select(tree, "w", mark, within="words")}


def expected_marks(converted) -> tuple[set[str], set[str]]:
    """The words of low OCR confidence, and those holding a change to review, from the conversion."""
    traced = trace(converted.document, converted.cleaned)
    low = {
        str(u.key)
        for u in traced.units
        if any(w.confidence is not None and w.confidence < LOW_OCR_CONFIDENCE for w in u.words)
    }
    review = set()
    for spot in traced.spots:
        change = spot.change
        if spot.reviewable and (not change.applied or change.confidence < REVIEW_BELOW) and change.after:
            review.update(str(u.key) for u in traced.units if u.start <= spot.final[0] < u.end)
    return low, review


@pytest.fixture(scope="module")
def text_converted(review_inputs):
    return convert(review_inputs / "plan.txt")


@pytest.fixture(scope="module")
def scan_converted(review_inputs):
    return convert(review_inputs / "scan.pdf")


def test_the_page_is_self_contained(text_converted, scan_converted):
    for converted in (text_converted, scan_converted):
        page = WRITERS["review"].render(converted)
        assert page.startswith("<!DOCTYPE html>")
        assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//)""", page)
        assert "<link" not in page and "<script src" not in page and "@import" not in page
        assert "default-src 'none'" in page  # the browser itself refuses any load


def test_changes_to_review_are_marked_on_their_words(text_converted):
    tree = page_of(text_converted)
    low, review = expected_marks(text_converted)
    assert review and not low  # a text file has no OCR confidences
    assert marked(tree, "review-change") == review
    assert not marked(tree, "low-confidence")
    data = data_of(tree)
    assert data["schema"] == SCHEMA_ID and data["document"] == text_converted.cleaned.path
    assert data["download"] == "plan.corrections.json"
    shown = {(c["before"], c["after"]) for c in data["changes"]}
    assert shown == {(c.before, c.after) for c in text_converted.cleaned.flagged if c.after and "\n" not in c.before}
    assert "no page images: the input is text" in tree.text_content()
    assert "records no alternatives" in tree.text_content()


def test_a_scan_has_its_page_image_and_both_kinds_of_mark(scan_converted):
    tree = page_of(scan_converted)
    low, review = expected_marks(scan_converted)
    assert low and review  # the scribble read as junk; the accents the cleaner only suggests
    assert marked(tree, "low-confidence") == low
    assert marked(tree, "review-change") == review
    (image,) = tree.xpath(f"//*[{having('scan')}]//img")
    kind, encoded = image.get("src").split(",", 1)
    assert kind == "data:image/jpeg;base64"
    picture = Image.open(io.BytesIO(base64.b64decode(encoded)))
    assert max(picture.size) <= MAX_SIDE and picture.format == "JPEG"
    boxes = {e.get("data-box") for e in select(tree, "box")}
    assert boxes == low | review  # each marked word's box drawn over the image
    for box in select(tree, "box"):
        left, top, width, height = (float(v) for v in re.findall(r"([\d.]+)%", box.get("style")))
        assert 0 <= left and left + width <= 100 and 0 <= top and top + height <= 100


def test_a_text_layer_pdf_gets_its_page_drawn(tmp_path):
    path = text_pdf("Ke hoach thuc hien nhiem vu nam hoc 2021-2022", tmp_path / "plan.pdf")
    tree = page_of(convert(path))
    (image,) = tree.xpath(f"//*[{having('scan')}]//img")
    assert image.get("src").startswith("data:image/jpeg;base64,")


def test_a_corrected_run_marks_its_words_and_carries_the_decisions(review_inputs, text_converted):
    traced = trace(text_converted.document, text_converted.cleaned)
    spot = next(s for s in traced.spots if s.change in text_converted.cleaned.flagged and s.change.applied)
    word = next(u for u in traced.units if u.start <= spot.final[0] < u.end)
    other = traced.units[1]
    ref = ChangeRef(spot.change.step, spot.change.before, spot.change.after)
    decisions = [
        Decision(word.key, word.text, Action.REJECT, ref),
        Decision(other.key, other.text, Action.CORRECT, correction="HOẠCH!"),
    ]
    corrected = convert_document(text_converted.document, decisions=decisions, source=str(review_inputs / "plan.txt"))
    tree = page_of(corrected)
    assert marked(tree, "from-corrections") == {str(word.key), str(other.key)}
    texts = {e.get("data-k"): e.text_content() for e in select(tree, "w", within="words")}
    assert texts[str(other.key)] == "HOẠCH!" and spot.change.before in texts[str(word.key)]
    carried = [item["decision"] for item in data_of(tree)["decisions"]]
    assert sorted(carried, key=str) == sorted((d.to_dict() for d in decisions), key=str)
    # the rejected change is still shown, so that the decision can be changed again
    assert any(c["before"] == spot.change.before for c in data_of(tree)["changes"])


def test_batch_writes_the_page_only_when_asked(run_cli, review_inputs, tmp_path):
    out = tmp_path / "out"
    assert run_cli("batch", review_inputs, out, "--jobs", "1", "--quiet").code == 0
    assert not list(out.glob("*.review.html"))
    assert run_cli("batch", review_inputs, tmp_path / "out2", "--jobs", "1", "--formats", "txt,review").code == 0
    assert sorted(p.name for p in (tmp_path / "out2").glob("*.review.html")) == ["plan.review.html", "scan.review.html"]
    scan = (tmp_path / "out2" / "scan.review.html").read_text(encoding="utf-8")
    assert 'src="data:image/jpeg;base64,' in scan  # read from the input through the batch


def test_text_removed_is_a_mark_a_reviewer_can_reject(tmp_path):
    path = tmp_path / "noisy.txt"
    path.write_text("Thuc hien ke hoach nam hoc 2021-2022\nhoc sinh tien bo i-\n", encoding="utf-8")
    converted = convert(path)
    removed = [c for c in converted.cleaned.flagged if c.step == "noise" and not c.after]
    assert removed  # scanner dirt the noise step was not sure of
    tree = page_of(converted)
    marks = select(tree, "removed", within="words")
    assert len(marks) == len(removed)
    data = data_of(tree)
    (shown,) = [c for c in data["changes"] if str(c["id"]) == marks[0].get("data-c")]
    assert (shown["before"], shown["after"], shown["word"]) == (removed[0].before, "", None)
    decision = dict(shown["decision"], action="reject")
    ref = ChangeRef(**decision["change"])
    key = trace(converted.document, converted.cleaned).spots[shown["id"]].key
    assert (decision["page"], decision["line"], decision["word"]) == (key.page, key.line, key.word)
    again = convert_document(
        converted.document, decisions=[Decision(key, decision["text"], Action.REJECT, ref)], source=str(path)
    )
    assert removed[0].before in again.cleaned.text  # the dirt is back, as the reviewer asked
