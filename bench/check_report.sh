#!/usr/bin/env bash
# Open a citewatch HTML report in headless Debian chromium: fail on console errors or missing
# charts, and save a screenshot. Installs nothing (see docs/extending.md: apt-get install -y chromium).
#
#   bench/check_report.sh REPORT.html [SCREENSHOT.png]
# Exit status: 0 ok, 1 console errors / no charts, 2 usage or chromium missing.
set -euo pipefail

report=${1:?usage: bench/check_report.sh REPORT.html [SCREENSHOT.png]}
shot=${2:-${report%.html}.png}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
if [[ -z "$chromium" ]]; then
    echo "chromium not found: apt-get install -y chromium (or set CHROMIUM=/path/to/chromium)" >&2
    exit 2
fi
[[ -f "$report" ]] || { echo "no such report: $report" >&2; exit 2; }
url="file://$(realpath "$report")"
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --disable-default-apps --disable-extensions --user-data-dir="$profile"
       --enable-logging=stderr --v=0 --window-size=1200,2000)

# 1. Screenshot, with the browser's log (console messages are logged as "CONSOLE" lines).
timeout 60 "$chromium" "${flags[@]}" --screenshot="$shot" "$url" 2>"$log" >/dev/null || true
# 2. The DOM after load, to prove the charts rendered.
dom=$(timeout 60 "$chromium" "${flags[@]}" --dump-dom "$url" 2>>"$log")

status=0
if grep -E 'CONSOLE|Uncaught|console\.error|:ERROR:.*(Failed to load|net::ERR)' "$log" | grep -v -E 'dbus|bus\.cc|gpu|viz|sandbox|crashpad|fontconfig' >&2; then
    echo "FAIL: console or load errors (above)" >&2
    status=1
fi
charts=$(grep -o '<svg[^>]*class="chart"' <<<"$dom" | wc -l)
if (( charts < 4 )); then
    echo "FAIL: expected at least 4 inline SVG charts after load, found $charts" >&2
    status=1
fi
if [[ ! -s "$shot" ]]; then
    echo "FAIL: no screenshot written to $shot" >&2
    status=1
fi
(( status == 0 )) && echo "ok: $report loads without console errors; $charts charts; screenshot $shot"
exit $status
