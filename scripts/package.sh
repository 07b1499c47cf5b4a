#!/usr/bin/env bash
# Builds hactl's Debian package: a release build (no tests, no sanitizers;
# -O2 and Debian's hardening flags from dpkg-buildflags, without -g as the
# binary is stripped) in its own build directory,
# then cpack, then lintian. Prints the package's path, its size and lintian's
# output; fails if lintian reports an error.
#   scripts/package.sh                              # into build-package/
#   PACKAGE_BUILD_DIR=/tmp/p PACKAGE_JOBS=1 scripts/package.sh
#   apt install ./build-package/hactl_*.deb
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${PACKAGE_BUILD_DIR:-$root/build-package}
for tool in cmake cpack dpkg-buildflags dpkg-shlibdeps help2man lintian; do
  command -v "$tool" >/dev/null || { echo "package: $tool is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done

export DEB_BUILD_MAINT_OPTIONS=hardening=+all
cxxflags="$(dpkg-buildflags --get CPPFLAGS) $(dpkg-buildflags --get CXXFLAGS)"
cxxflags=$(sed -E 's/(^| )-g( |$)/ /g' <<<"$cxxflags")
ldflags=$(dpkg-buildflags --get LDFLAGS)
launcher=()
if command -v ccache >/dev/null; then launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache); fi

cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-DNDEBUG" -DHACTL_TESTS=OFF -DHACTL_SANITIZE=OFF \
  -DHACTL_DOCS=ON "-DCMAKE_CXX_FLAGS=$cxxflags" "-DCMAKE_EXE_LINKER_FLAGS=$ldflags" "${launcher[@]}" >/dev/null
cmake --build "$build" -j"${PACKAGE_JOBS:-$(nproc)}"
rm -f "$build"/hactl_*.deb
(cd "$build" && cpack -G DEB >/dev/null)
debs=("$build"/hactl_*.deb)
deb=${debs[0]}
[ -f "$deb" ] || { echo "package: cpack made no package" >&2; exit 1; }

echo "package: $deb"
echo "size: $(stat -c %s "$deb") bytes ($(du -h "$deb" | cut -f1))"
echo "lintian:"
set +e
lintian --display-info --fail-on error "$deb"
rc=$?
set -e
if [ $rc -ne 0 ]; then
  echo "package: lintian reported errors (exit $rc)" >&2
  exit 1
fi
echo "lintian: no errors"
