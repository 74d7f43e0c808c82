"""The review page in a real browser: mark, decide, export, and the next run applies the decisions.

Debian's ``chromium`` and ``chromium-driver`` (installed by ``scripts/ensure-system-packages.sh``)
driven headless by selenium: the batch writes the review pages of a text plan and a scan, the
test opens them from disk as a person would, checks the marked words, rejects one change, types
one correction and accepts a suggestion, exports the decisions (real downloads, into a folder),
runs ``batch --corrections FOLDER`` and ``clean --corrections FILE`` again and checks the text
and the new pages. Skipped only when the browser is missing and ``CI`` is not set.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import jsonschema
import pytest

from viplan_ocr import convert
from viplan_ocr.document import REVIEW_BELOW
from viplan_ocr.normalize.anchors import trace
from viplan_ocr.normalize.corrections import SCHEMA_ID, corrections_schema
from viplan_ocr.writers.review import LOW_OCR_CONFIDENCE

FORMATS = "txt,json,review"


def _browser_or_skip() -> None:
    """Skip, or in CI fail, when Chromium, its driver or selenium is missing."""
    missing = [name for name in ("chromium", "chromedriver") if shutil.which(name) is None]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("selenium (pip install -e '.[test]')")
    if missing:
        reason = f"the browser test needs {', '.join(missing)} (scripts/ensure-system-packages.sh installs them)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)


@pytest.fixture
def browser(tmp_path: Path):
    """Headless Chromium saving downloads in ``tmp_path/downloads``; yields (driver, that folder)."""
    _browser_or_skip()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.utils import is_url_connectable

    downloads = tmp_path / "downloads"
    downloads.mkdir()
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        # chromedriver talks to Chromium over a pipe, not over a port on ``localhost``, which a
        # minimal system without ``/etc/hosts`` cannot name
        "--remote-debugging-pipe",
    ):
        options.add_argument(argument)
    options.add_argument("--window-size=1400,1000")
    options.add_experimental_option(
        "prefs", {"download.default_directory": str(downloads), "download.prompt_for_download": False}
    )
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})

    class Loopback(Service):
        """chromedriver reached at 127.0.0.1: a minimal system (a bare Debian, a CI container) may
        have no ``/etc/hosts`` to name ``localhost``, which selenium's own address uses."""

        @property
        def service_url(self) -> str:
            return f"http://127.0.0.1:{self.port}"

        def is_connectable(self) -> bool:
            return is_url_connectable(self.port, host="127.0.0.1")

    driver = webdriver.Chrome(options=options, service=Loopback(shutil.which("chromedriver")))
    driver.implicitly_wait(2)
    try:
        yield driver, downloads
    finally:
        driver.quit()


def _marks(converted) -> tuple[set[str], set[str], object]:
    """The words of low OCR confidence and those holding a change to review, from the conversion."""
    traced = trace(converted.document, converted.cleaned)
    low = {
        str(u.key)
        for u in traced.units
        if any(w.confidence is not None and w.confidence < LOW_OCR_CONFIDENCE for w in u.words)
    }
    review = {
        str(u.key)
        for s in traced.spots
        if s.reviewable and s.change.after and (not s.change.applied or s.change.confidence < REVIEW_BELOW)
        for u in traced.units
        if u.start <= s.final[0] < u.end
    }
    return low, review, traced


def _shown(driver, css: str) -> set[str]:
    from selenium.webdriver.common.by import By

    return {e.get_attribute("data-k") for e in driver.find_elements(By.CSS_SELECTOR, css)}


def _click(driver, css: str) -> None:
    from selenium.webdriver.common.by import By

    element = driver.find_element(By.CSS_SELECTOR, css)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def _downloaded(folder: Path, name: str) -> dict:
    """The file the page downloaded, once the browser has finished writing it."""
    path = folder / name
    deadline = time.monotonic() + 10
    while not path.is_file() or list(folder.glob("*.crdownload")):
        assert time.monotonic() < deadline, f"no download {name} in {sorted(p.name for p in folder.iterdir())}"
        time.sleep(0.05)
    return json.loads(path.read_text(encoding="utf-8"))


def _errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def test_review_decide_export_and_apply(browser, run_cli, review_inputs, tmp_path):
    from selenium.webdriver.common.by import By

    driver, downloads = browser
    out = tmp_path / "out"
    assert run_cli("batch", review_inputs, out, "--jobs", "1", "--quiet", "--formats", FORMATS).code == 0

    # The text plan: the changes the cleaner was unsure of are marked; reject one, retype another word.
    plan = convert(review_inputs / "plan.txt")
    low, review, traced = _marks(plan)
    driver.get((out / "plan.review.html").as_uri())
    assert _shown(driver, ".words .w.review-change") == review and review
    assert _shown(driver, ".words .w.low-confidence") == low == set()
    rejected = next(s for s in traced.spots if s.change in plan.cleaned.flagged and s.change.applied)
    rejected_word = next(u for u in traced.units if u.start <= rejected.final[0] < u.end)
    _click(driver, f'.words .w[data-k="{rejected_word.key}"]')
    _click(driver, f'#panel button[data-act="reject"][data-change="{rejected.index}"]')
    word = driver.find_element(By.CSS_SELECTOR, f'.words .w[data-k="{rejected_word.key}"]')
    assert rejected.change.before in word.text  # the page previews the word the next run will give
    typed_word = next(u for u in traced.units if str(u.key) not in review and len(u.text) > 3)
    typed = typed_word.text.upper() + "!"
    _click(driver, f'.words .w[data-k="{typed_word.key}"]')
    field = driver.find_element(By.ID, "correction-input")
    field.clear()
    field.send_keys(typed)
    _click(driver, "#correction-set")
    assert driver.find_element(By.CSS_SELECTOR, f'.words .w[data-k="{typed_word.key}"]').text == typed
    assert driver.find_element(By.ID, "status").text.startswith("2 decisions")
    _click(driver, "#export")
    exported = _downloaded(downloads, "plan.corrections.json")
    jsonschema.validate(exported, corrections_schema())
    assert exported["schema"] == SCHEMA_ID
    (entry,) = exported["documents"]
    assert entry["document"] == str(review_inputs / "plan.txt") == plan.cleaned.path
    assert {d["action"] for d in entry["decisions"]} == {"reject", "correct"}
    assert not _errors(driver)

    # The scan: its image, its two kinds of mark; accept an accent the cleaner only suggested.
    scan = convert(review_inputs / "scan.pdf")
    low, review, traced = _marks(scan)
    driver.get((out / "scan.review.html").as_uri())
    assert low and _shown(driver, ".words .w.low-confidence") == low
    assert review and _shown(driver, ".words .w.review-change") == review
    image = driver.find_element(By.CSS_SELECTOR, ".scan img")
    assert image.get_attribute("src").startswith("data:image/jpeg") and image.get_property("naturalWidth") > 0
    accepted = next(s for s in traced.spots if s.change in scan.cleaned.flagged and not s.change.applied)
    accepted_word = next(u for u in traced.units if u.start <= accepted.final[0] < u.end)
    _click(driver, f'.words .w[data-k="{accepted_word.key}"]')
    _click(driver, f'#panel button[data-act="accept"][data-change="{accepted.index}"]')
    _click(driver, "#export")
    assert [d["action"] for d in _downloaded(downloads, "scan.corrections.json")["documents"][0]["decisions"]] == [
        "accept"
    ]
    assert not _errors(driver)

    # The next run applies every exported decision (a folder of them) ...
    result = run_cli("batch", review_inputs, out, "--jobs", "1", "--formats", FORMATS, "--corrections", downloads)
    assert result.code == 0 and "warning" not in result.err
    text = plan.cleaned.text
    spans = sorted(
        [(rejected.final, rejected.change.before), ((typed_word.start, typed_word.end), typed)], reverse=True
    )
    for (start, end), replacement in spans:
        text = text[:start] + replacement + text[end:]
    assert (out / "plan.txt").read_text(encoding="utf-8") == as_txt(text)
    scan_text = scan.cleaned.text
    start, end = accepted.final
    assert (out / "scan.txt").read_text(encoding="utf-8") == as_txt(
        scan_text[:start] + accepted.change.after + scan_text[end:]
    )
    # ... and so does clean, from the file the page downloaded.
    cleaned = run_cli("clean", review_inputs / "plan.txt", "--corrections", downloads / "plan.corrections.json")
    assert cleaned.code == 0 and cleaned.out == as_txt(text) and "warning" not in cleaned.err

    # The new pages show the decisions applied, and would export them again.
    driver.get((out / "plan.review.html").as_uri())
    assert _shown(driver, ".words .w.from-corrections") == {str(rejected_word.key), str(typed_word.key)}
    assert driver.find_element(By.ID, "status").text == "2 decisions (2 from corrections)"
    _click(driver, f'.words .w[data-k="{typed_word.key}"]')
    assert "applied from corrections" in driver.find_element(By.ID, "panel").text
    driver.get((out / "scan.review.html").as_uri())
    assert _shown(driver, ".words .w.from-corrections") == {str(accepted_word.key)}
    again = driver.execute_script("return window.viplanReview.corrections()")
    assert again["documents"][0]["decisions"] == exported_scan_decisions(downloads)
    assert not _errors(driver)


def as_txt(text: str) -> str:
    """The ``.txt`` output of a text: one final newline."""
    return text if text.endswith("\n") else text + "\n"


def exported_scan_decisions(downloads: Path) -> list[dict]:
    return json.loads((downloads / "scan.corrections.json").read_text(encoding="utf-8"))["documents"][0]["decisions"]


def test_a_removal_mark_can_be_rejected_in_the_browser(browser, run_cli, tmp_path):
    from selenium.webdriver.common.by import By

    driver, _ = browser
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "noisy.txt").write_text("Thuc hien ke hoach nam hoc 2021-2022\nhoc sinh tien bo i-\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run_cli("batch", folder, out, "--jobs", "1", "--quiet", "--formats", FORMATS).code == 0
    driver.get((out / "noisy.review.html").as_uri())
    (mark,) = driver.find_elements(By.CSS_SELECTOR, ".words .removed")
    _click(driver, ".words .removed")
    assert "Text removed" in driver.find_element(By.ID, "panel").text
    _click(driver, '#panel button[data-act="reject"]')
    assert "restored" in mark.get_attribute("class").split()
    exported = driver.execute_script("return window.viplanReview.corrections()")
    (decision,) = exported["documents"][0]["decisions"]
    assert decision["action"] == "reject" and decision["text"] == "" and decision["change"]["after"] == ""
    corrections = tmp_path / "noisy.corrections.json"
    corrections.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    result = run_cli("clean", folder / "noisy.txt", "--corrections", corrections)
    assert result.code == 0 and result.out.rstrip("\n").endswith(decision["change"]["before"].rstrip())
    assert not _errors(driver)
