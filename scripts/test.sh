#!/usr/bin/env bash
# Runs Tandem's whole test suite: unit tests, integration tests (official CometD clients, a real
# Cassandra node, real Chromium) and the client's Vitest units. Installs what the tests need and the
# machine lacks (Debian's chromium), then runs Maven.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "scripts/test.sh: installing ${need_apt[*]} (Debian packages)"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "scripts/test.sh: please install: ${need_apt[*]} (browser end-to-end tests need it)" >&2
    exit 1
  fi
fi

for tool in java mvn node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "scripts/test.sh: $tool is required" >&2; exit 1; }
done

exec mvn -B -ntp verify "$@"
