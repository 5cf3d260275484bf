#!/usr/bin/env bash
# Debian packages QLVB drives for real. `run`: poppler-utils (pdftotext finds the signing block,
# pdftoppm previews pages), fonts with full Vietnamese glyphs (Liberation 2, DejaVu), LibreOffice
# (DOCX → PDF), util-linux (unshare, prlimit: its box), redis-server (with no REDIS_URL, `make run`
# starts a private one on a socket under var/redis/; the runstack test does too), Tesseract with Vietnamese and
# Ghostscript (OCR of scans). `test` adds Chromium (browser tests), SoftHSM2 (PKCS#11 token) and Liberation 1.x.
# Installs only what is missing; needs root or sudo the first time.
set -euo pipefail
need=()
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
# unshare and prlimit: LibreOffice runs in a network namespace with a memory ceiling.
{ command -v unshare && command -v prlimit; } >/dev/null 2>&1 || need+=(util-linux)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
# pg_dump and pg_restore: `manage.py backup` and `restore` of a PostgreSQL instance (the distribution's
# postgresql-client is the same major version as its server).
{ command -v pg_dump && command -v pg_restore; } >/dev/null 2>&1 || need+=(postgresql-client)
# OCR of paper scans (documents/services/scan): Tesseract with its Vietnamese model; ocrmypdf (pip) also
# needs Ghostscript, and uses unpaper when asked to clean pages.
command -v tesseract >/dev/null 2>&1 || need+=(tesseract-ocr)
[ -e /usr/share/tesseract-ocr/5/tessdata/vie.traineddata ] || need+=(tesseract-ocr-vie)
command -v gs >/dev/null 2>&1 || need+=(ghostscript)
command -v unpaper >/dev/null 2>&1 || need+=(unpaper)
if [ "${1:-test}" = "test" ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -e /usr/lib/softhsm/libsofthsm2.so ] || need+=(softhsm2)
  # Liberation 1.x lacks Vietnamese glyphs: a test checks that it is never chosen when present.
  [ -e /usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation)
fi
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing system packages: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
