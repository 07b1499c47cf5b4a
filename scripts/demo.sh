#!/usr/bin/env bash
# hactl's main job, end to end on this machine: installs what is missing,
# builds, and validates the example pair files.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/deps.sh"
"$root/scripts/build.sh"
hactl="${BUILD_DIR:-$root/build}/hactl"
echo
echo "\$ hactl validate examples/*.yaml"
"$hactl" validate "$root"/examples/*.yaml
