"""``python -m viplan_ocr``: the same as the ``viplan-ocr`` command."""

import sys

from viplan_ocr.cli import main

if __name__ == "__main__":
    sys.exit(main())
