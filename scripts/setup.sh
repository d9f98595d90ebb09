#!/usr/bin/env bash
# Installs what Threatpath needs to build, test, fuzz and benchmark, from Debian 12's packages.
# Idempotent: when everything is installed it only asks dpkg and returns in well under a second.
set -euo pipefail

packages=(
  g++ cmake ninja-build ccache pkg-config make git python3 time bc
  libyaml-dev nlohmann-json3-dev libcli11-dev libjemalloc-dev libxlsxwriter-dev zlib1g-dev libgraphviz-dev
  libboost-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang clang-format libclang-rt-14-dev
  chromium
  libsqlite3-dev libpq-dev postgresql-15
  libsodium-dev
  wrk curl
)

missing=()
for p in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$status" = "installed" ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "setup: done" >&2
