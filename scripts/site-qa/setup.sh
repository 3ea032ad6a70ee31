#!/usr/bin/env bash
# Installs what `make test-site` needs on a fresh Debian machine: chromium + chromium-driver and a Java
# runtime from apt, and a Python venv with the pinned tools of requirements*.txt from PyPI.
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=.build/site-qa/venv

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "site-qa: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "site-qa: missing Debian packages; run: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

stamp="$venv/.installed-$(cat scripts/site-qa/requirements.txt scripts/site-qa/requirements-nodeps.txt | sha1sum | cut -c1-12)"
if [ ! -f "$stamp" ]; then
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r scripts/site-qa/requirements.txt
  "$venv/bin/pip" install -q --disable-pip-version-check --no-deps -r scripts/site-qa/requirements-nodeps.txt
  touch "$stamp"
fi
