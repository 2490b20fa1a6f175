#!/usr/bin/env bash
# install-deps.sh - install what vaina needs at run time (and, with --test, what its tests need) from
# Debian's packages (--vm: also the qemu guest's). Idempotent: runs `apt-get update` only when a package is missing.
set -euo pipefail

runtime_pkgs=(runc crun conmon netavark aardvark-dns slirp4netns passt fuse-overlayfs uidmap catatonit
              iptables golang-github-containers-common libsqlite3-0 busybox-static ca-certificates)
test_pkgs=(docker-registry skopeo umoci openssl apache2-utils jq zstd curl attr tar gzip util-linux
           iproute2 procps libcap2-bin bzip2 xz-utils openssh-client git sqlite3 socat)

# --vm: what scripts/vm (the qemu cgroup v2 guest of tests/Vaina.Vm.Tests) needs.
vm_pkgs=(qemu-system-x86 debootstrap e2fsprogs)

want=("${runtime_pkgs[@]}")
for arg in "$@"; do
    case "$arg" in
        --test) want+=("${test_pkgs[@]}") ;;
        --vm) want+=("${vm_pkgs[@]}") ;;
    esac
done

missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "install-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >/dev/null
    apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null 2>&1; then
    echo "install-deps: the .NET 10 SDK (dotnet) is required to build vaina and is not on PATH" >&2
    exit 1
fi
