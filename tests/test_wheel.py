"""The built wheel ships the model: users have no ``lexicons/`` folder beside them, only the wheel.

The editable install reads ``<repo>/lexicons``; an installed wheel reads ``viplan_ocr/lexicons``
inside the package. This test builds the wheel, unpacks it away from the source tree and runs
the cleaner from there, so a packaging mistake cannot hide behind the source checkout.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from .conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=600,
    )
    (found,) = out.glob("viplan_ocr-*.whl")
    return found


@pytest.mark.slow
def test_wheel_carries_model_schema_data_and_licences(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in [
        "viplan_ocr/lexicons/lm.npz",
        "viplan_ocr/lexicons/vocab.txt",
        "viplan_ocr/lexicons/capitalised.tsv",
        "viplan_ocr/lexicons/codes.tsv",
        "viplan_ocr/lexicons/README.md",
        "viplan_ocr/parse/plan.schema.json",
        "viplan_ocr/normalize/corrections.schema.json",
        "viplan_ocr/writers/review.js",
        "viplan_ocr/writers/review.css",
        "viplan_ocr/data/abbreviations.tsv",
        "viplan_ocr/py.typed",
    ]:
        assert needed in names
    assert any(n.endswith("licenses/LICENSE") for n in names)
    assert any(n.endswith("licenses/lexicons/README.md") for n in names)


@pytest.mark.slow
def test_the_unpacked_wheel_restores_accents_without_the_source_tree(wheel, tmp_path):
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import viplan_ocr, viplan_ocr.lexicon as lx;"
        f"assert viplan_ocr.__file__.startswith({str(site)!r}), viplan_ocr.__file__;"
        "print(viplan_ocr.clean('Thuc hien K§ hoach s6 342/KH-SGDDT cua So GDDT'))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Thực hiện Kế hoạch số 342/KH-SGDĐT của Sở GDĐT"
