#!/usr/bin/env bash
# Screenshots a validation report (./cvd validate writes report.html) with headless Chromium, to check its plots
# by eye: docs/render-report.sh [report.html] [out.png] [page height in CSS pixels] [scale]
# Needs Debian's chromium (apt-get install -y chromium).
set -euo pipefail
html="$(realpath "${1:-cvd-out/validation/report.html}")"
png="$(realpath -m "${2:-${html%.html}.png}")"
height="${3:-2400}"
scale="${4:-1}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  echo "render-report: chromium not found; install it with: apt-get install -y chromium" >&2
  exit 2
fi
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking \
  --disable-component-update --disable-sync --hide-scrollbars --user-data-dir="$profile" \
  --force-device-scale-factor="$scale" \
  --screenshot="$png" --window-size=1400,"$height" "file://$html" 2>/dev/null
echo "$png"
