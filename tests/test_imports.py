"""What ``import viplan_ocr`` loads (README, "Architecture"): the language model and the libraries
of one format or output (PDF text layers, OCRmyPDF, Word, Excel, Dask) wait for their first use."""

from __future__ import annotations

import json
import subprocess
import sys

#: Loaded only by the work that needs them: reading a PDF's text layer (pdfplumber, pypdfium2),
#: writing a searchable PDF (ocrmypdf, pikepdf, img2pdf, fpdf2), a Word file (python-docx), an
#: .xlsx (openpyxl), a Dask run, the browser test.
ON_FIRST_USE = {"pdfplumber", "pypdfium2", "ocrmypdf", "pikepdf", "img2pdf", "fpdf", "docx", "openpyxl"}
ON_FIRST_USE |= {"dask", "distributed", "selenium"}


def test_import_loads_neither_the_model_nor_the_libraries_of_one_format() -> None:
    code = (
        "import json, sys, viplan_ocr\n"
        "from viplan_ocr.lexicon import model\n"
        f"loaded = sorted(m for m in sys.modules if m.split('.')[0] in {sorted(ON_FIRST_USE)!r})\n"
        "print(json.dumps({'loaded': loaded, 'model': model.cache_info().currsize}))\n"
    )
    found = json.loads(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert found == {"loaded": [], "model": 0}
