#!/bin/sh
# Install the system packages viplan-ocr needs, only when they are missing:
#   tesseract-ocr + tesseract-ocr-vie  the OCR engine and its Vietnamese model
#   fonts-dejavu-core                  a Vietnamese-capable font, to render test scans
#   libreoffice-writer-nogui           soffice, to read Word 97-2003 .doc files (converted to .docx)
# and, with the argument "test" (make test):
#   chromium + chromium-driver         a headless browser, for the review page's test (selenium opens
#                                      .review.html, clicks, downloads); browsers cannot be pip-installed here
#   qpdf + poppler-utils               qpdf --check and pdftotext, the tools a user checks a searchable PDF with
# Run as root, or as a user with sudo. Fast (no apt) when everything is there.
set -eu
need=""
if ! command -v tesseract >/dev/null 2>&1 || ! tesseract --list-langs 2>/dev/null | grep -qx vie; then
  need="$need tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng"
fi
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  need="$need fonts-dejavu-core"
fi
if ! command -v soffice >/dev/null 2>&1 && ! command -v libreoffice >/dev/null 2>&1; then
  need="$need libreoffice-writer-nogui"
fi
if [ "${1:-}" = test ] && { ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; }; then
  need="$need chromium chromium-driver"
fi
if [ "${1:-}" = test ] && { ! command -v qpdf >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; }; then
  need="$need qpdf poppler-utils"
fi
[ -z "$need" ] && exit 0
SUDO=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to install:$need" >&2; exit 1; }
  SUDO=sudo
fi
echo "installing system packages:$need" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -q --no-install-recommends $need >/dev/null
