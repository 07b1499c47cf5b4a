#!/usr/bin/env bash
# Configures and builds hactl into BUILD_DIR (default build/).
#   scripts/build.sh [extra cmake -D options...]
#   BUILD_TARGET=hactl scripts/build.sh      # only the executable
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-RelWithDebInfo} "$@" >/dev/null
cmake --build "$build" -j"$(nproc)" ${BUILD_TARGET:+--target "$BUILD_TARGET"}
