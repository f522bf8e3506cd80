#!/usr/bin/env bash
# Static checks of the monitoring configuration: Prometheus config and rules, the rules' unit tests, that every
# query of the Grafana dashboard parses, the Alertmanager config and its routing. Needs promtool and amtool (Debian: apt-get install prometheus
# prometheus-alertmanager). Run from anywhere; exits non-zero if any check fails.
set -uo pipefail

deploy="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
prom="$deploy/prometheus"
am="$deploy/alertmanager/alertmanager.yml"
dashboard="$deploy/../grafana/dashboards/cvd.json"
failed=0
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

check() {
  echo "==> $*"
  if ! "$@"; then
    echo "FAILED: $*" >&2
    failed=1
  fi
}

# The dashboard's PromQL (panels and annotations) as recording rules, with Grafana's variables substituted, so
# that promtool parses every query.
dashboard_queries_as_rules() {
  local n=0 expr
  echo "groups:"
  echo "  - name: grafana-dashboard-queries"
  echo "    rules:"
  grep -o '"expr": "\([^"\\]\|\\.\)*"' "$dashboard" \
    | sed -e 's/^"expr": "//' -e 's/"$//' -e 's/\\"/"/g' -e 's/\\\\/\\/g' \
          -e 's/\$__rate_interval/1m/g' -e 's/\$__range/1h/g' -e 's/\$symbol/.+/g' -e 's/\$regime/all/g' \
    | while IFS= read -r expr; do
        n=$((n + 1))
        echo "      - record: grafana_query_$n"
        echo "        expr: '${expr//\'/\'\'}'"
      done
}

# routes <expected receiver> <label=value>...: the alert with these labels reaches exactly that receiver
route() {
  local expected="$1"
  shift
  echo "==> route $* -> $expected"
  # amtool warns on stderr that --config.file overrides its server URL: not a problem here
  if ! amtool config routes test --config.file="$am" --verify.receivers="$expected" "$@" \
      2> >(grep -v 'overrides the --alertmanager.url' >&2); then
    echo "FAILED: route $* -> $expected" >&2
    failed=1
  fi
}

for tool in promtool amtool; do
  if ! command -v "$tool" >/dev/null; then
    echo "$tool not found: apt-get install prometheus prometheus-alertmanager" >&2
    exit 2
  fi
done

check promtool check config "$prom/prometheus.yml"
check promtool check rules "$prom"/rules/*.yml
(cd "$prom" && check promtool test rules tests/*.yml)
dashboard_queries_as_rules > "$work/dashboard-queries.yml"
echo "==> $(grep -c 'record:' "$work/dashboard-queries.yml") dashboard queries"
check promtool check rules "$work/dashboard-queries.yml"
check amtool check-config "$am"
route slack-and-email-oncall severity=rollback alertname=CvdZTailP2High symbol=BTCUSDT
route slack-and-email-oncall severity=critical alertname=CvdUnrecoverableGap symbol=BTCUSDT
route email-team severity=warning alertname=CvdZTailP2High symbol=BTCUSDT
route email-team alertname=SomethingUnlabelled

if [ "$failed" -ne 0 ]; then
  echo "configuration checks FAILED" >&2
  exit 1
fi
echo "configuration checks passed"
