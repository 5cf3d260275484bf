#!/usr/bin/env bash
# Debian packages the test suite drives for real: Chromium (browser tests), LibreOffice (DOCX→PDF), poppler-utils
# (pdfsig/pdftoppm), SoftHSM2 (PKCS#11 token), fonts with Vietnamese glyphs (Liberation 2).
# Installs only what is missing; needs root or sudo the first time.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdfsig >/dev/null 2>&1 || need+=(poppler-utils)
[ -e /usr/lib/softhsm/libsofthsm2.so ] || need+=(softhsm2)
[ -e /usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf ] || need+=(fonts-liberation2)
[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-writer-nogui)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "Installing test dependencies: ${need[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
