#!/usr/bin/env bash
# Installs the system packages the portal needs from Debian, when they are missing:
#   postgresql            - the production database, started by the tests in a temporary directory
#   mkdocs mkdocs-material - the TechDocs local builder (techdocs-core is not installable here)
#   chromium              - the browser the e2e journeys drive (Playwright cannot download browsers here)
# Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(postgresql mkdocs mkdocs-material chromium)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup: installing Debian packages: ${missing[*]}" >&2
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
