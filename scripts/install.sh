#!/usr/bin/env bash
# install.sh - install vaina on a Debian 12 machine (as root) and run a first container, offline.
# 1. Debian packages vaina runs with (runc, crun, conmon, netavark, ...).
# 2. Build the NativeAOT `vaina` and install it as /usr/local/bin/vaina (PREFIX overrides /usr/local).
# 3. A first image made from the host's busybox-static (no registry needed), and a first container.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PREFIX=${PREFIX:-/usr/local}

scripts/install-deps.sh
dotnet publish src/Vaina.Cli -c Release -nologo -clp:ErrorsOnly -o out/bin
install -D -m 0755 out/bin/vaina "$PREFIX/bin/vaina"
echo "installed $PREFIX/bin/vaina: $("$PREFIX/bin/vaina" --version)"

"$PREFIX/bin/vaina" info --format 'runtime: {{.Host.OCIRuntime.Name}} {{.Host.OCIRuntime.Path}}, conmon: {{.Host.Conmon.Path}}, store: {{.Store.GraphRoot}} ({{.Store.GraphDriverName}})'

# A first image made from the host's busybox-static (no registry needed), then a first container.
if ! "$PREFIX/bin/vaina" image exists localhost/busybox:latest; then
    rootfs=$(mktemp -d)
    trap 'rm -rf "$rootfs"' EXIT
    mkdir -p "$rootfs"/{bin,etc,root,tmp,proc,sys,dev}
    chmod 1777 "$rootfs/tmp"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in $("$rootfs/bin/busybox" --list); do
        [ -e "$rootfs/bin/$applet" ] || ln -s busybox "$rootfs/bin/$applet"
    done
    printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
    printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"
    tar -C "$rootfs" -cf - . | "$PREFIX/bin/vaina" import --quiet \
        --change 'CMD ["/bin/sh"]' --change 'ENV PATH=/bin' - localhost/busybox:latest >/dev/null
fi
"$PREFIX/bin/vaina" run --rm localhost/busybox:latest echo "hello from vaina: $("$PREFIX/bin/vaina" --version)"
