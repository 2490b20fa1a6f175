#!/usr/bin/env bash
# run.sh [SHARE_DIR] - the whole cgroup v2 / systemd check in one command (root): builds or reuses the guest
# image (build-image.sh), fills SHARE_DIR (default: a new /var/tmp/vaina-vm.XXXXXX) with the published vaina
# binary ($VAINA_BINARY or out/bin/vaina), the fixture busybox archive (tests/fixtures/registry.sh) and
# guest.sh, boots the guest once (boot.sh) and lists every step's exit status. The steps' outputs stay in
# SHARE_DIR/out/steps/ (tests/Vaina.Vm.Tests asserts on them). Exits with boot.sh's status.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
share=${1:-$(mktemp -d /var/tmp/vaina-vm.XXXXXX)}
mkdir -p "$share/images"
rm -rf "$share/out"

binary=${VAINA_BINARY:-$repo/out/bin/vaina}
[ -x "$binary" ] || { echo "run.sh: no vaina binary at $binary (dotnet publish src/Vaina.Cli -c Release -o out/bin)" >&2; exit 1; }
"$repo/tests/fixtures/registry.sh" start >/dev/null
archives=$("$repo/tests/fixtures/registry.sh" env | sed -n 's/^VAINA_FIXTURE_ARCHIVES=//p')
cp "$binary" "$share/vaina"
cp "$archives/busybox-oci.tar" "$share/images/"
cp "$here/guest.sh" "$share/guest.sh"
# The guest's test users read the archive through the 9p share, which keeps the host's modes (mktemp -d is 0700).
chmod a+rx "$share" "$share/images"
chmod a+r "$share/images/busybox-oci.tar"

start=$(date +%s)
rc=0
"$here/boot.sh" "$share" "${VAINA_VM_TIMEOUT:-900}" || rc=$?
echo "run.sh: guest finished with status $rc in $(( $(date +%s) - start )) s; outputs in $share/out" >&2
for f in "$share"/out/steps/*.rc; do
    [ -e "$f" ] && printf '%-24s %s\n' "$(basename "$f" .rc)" "$(cat "$f")"
done
exit "$rc"
