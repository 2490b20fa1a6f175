#!/usr/bin/env bash
# build-image.sh - build (or reuse) the Debian 12 guest that vaina's cgroup v2 / systemd tests boot under
# qemu: debootstrap bookworm from the host's own apt mirror, bake in a boot-time runner that executes
# /mnt/vm/guest.sh from a 9p share and powers off, and turn the tree into an ext4 image with
# `mkfs.ext4 -d` (no loop mounts). Prints the cache directory holding vmlinuz, initrd.img and rootfs.img.
#
# The cache is keyed by a hash of the package list, the mirror, the runner and image_version, so a
# rerun costs nothing; VAINA_VM_CACHE moves it (default /var/cache/vaina-vm). Must run as root.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
cache_root=${VAINA_VM_CACHE:-/var/cache/vaina-vm}

# The guest: systemd as PID 1, the container stack vaina drives, a user session bus for rootless.
packages=(systemd systemd-sysv systemd-container udev dbus dbus-user-session libpam-systemd
          linux-image-amd64 initramfs-tools kmod e2fsprogs procps iproute2 util-linux
          runc crun conmon netavark aardvark-dns uidmap slirp4netns passt catatonit fuse-overlayfs
          iptables golang-github-containers-common libsqlite3-0 ca-certificates busybox-static)

# The mirror the host's apt uses (deb822 or one-line sources), so no other network access is needed.
mirror=${VAINA_VM_MIRROR:-}
if [ -z "$mirror" ]; then
    mirror=$(grep -rhoE '^URIs: *https?://[^ ]+/debian/?$' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n1 | sed -E 's/^URIs: *//') || true
fi
if [ -z "$mirror" ]; then
    mirror=$(grep -rhoE '^deb +(\[[^]]*\] +)?https?://[^ ]+/debian/? +bookworm' /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
             | head -n1 | sed -E 's/^deb +(\[[^]]*\] +)?//; s/ +bookworm.*//') || true
fi
mirror=${mirror:-http://deb.debian.org/debian}

# Bump when the guest configuration below changes (the package list, mirror and runner are hashed anyway).
image_version=1
key=$( (printf '%s\n' "${packages[@]}"; echo "$mirror"; echo "$image_version"; cat "$here/guest-runner.sh") | sha256sum | cut -c1-16)
out=$cache_root/$key
if [ -f "$out/.complete" ]; then
    echo "$out"
    exit 0
fi

for tool in debootstrap mkfs.ext4; do
    command -v "$tool" >/dev/null || { echo "build-image: $tool is missing (apt-get install debootstrap e2fsprogs; scripts/vm/test.sh does)" >&2; exit 1; }
done
[ "$(id -u)" = 0 ] || { echo "build-image: must run as root" >&2; exit 1; }

mkdir -p "$cache_root"
exec 9>"$cache_root/.lock"
flock 9
if [ -f "$out/.complete" ]; then echo "$out"; exit 0; fi

work=$(mktemp -d "$cache_root/build.XXXXXX")
root=$work/root
# debootstrap mounts /proc (and /sys, sometimes /dev) in the new root: never let a cleanup walk into them.
unmount_root() {
    awk -v r="$root" '$5 == r || index($5, r "/") == 1 { print $5 }' /proc/self/mountinfo | sort -r | while read -r m; do
        umount -l "$m" 2>/dev/null || true
    done
}
trap 'unmount_root; rm -rf --one-file-system "$work"' EXIT

start=$(date +%s)
echo "build-image: debootstrap bookworm from $mirror" >&2
include=$(IFS=,; echo "${packages[*]}")
if ! debootstrap --variant=minbase --include="$include" bookworm "$root" "$mirror" >"$work/debootstrap.log" 2>&1; then
    tail -n 30 "$work/debootstrap.log" >&2
    [ -f "$root/debootstrap/debootstrap.log" ] && tail -n 30 "$root/debootstrap/debootstrap.log" >&2
    exit 1
fi
unmount_root
echo "build-image: debootstrap done in $(( $(date +%s) - start )) s" >&2

# Guest configuration.
echo vaina-vm >"$root/etc/hostname"
printf '127.0.0.1 localhost\n127.0.1.1 vaina-vm\n' >"$root/etc/hosts"
printf '/dev/vda / ext4 rw,relatime 0 1\n' >"$root/etc/fstab"
: >"$root/etc/machine-id"
mkdir -p "$root/etc/systemd/network" "$root/mnt/vm"
printf '[Match]\nName=eth* en*\n[Network]\nDHCP=yes\n' >"$root/etc/systemd/network/10-dhcp.network"
printf 'nameserver 10.0.2.3\n' >"$root/etc/resolv.conf"
chroot "$root" systemctl enable systemd-networkd.service >/dev/null 2>&1
# Nothing waits for a login prompt or slow optional units.
chroot "$root" systemctl mask serial-getty@ttyS0.service getty@tty1.service systemd-networkd-wait-online.service \
    apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer >/dev/null 2>&1 || true

install -m 0755 "$here/guest-runner.sh" "$root/usr/local/sbin/vaina-vm-runner"
cat >"$root/etc/systemd/system/vaina-vm-runner.service" <<'UNIT'
[Unit]
Description=Run /mnt/vm/guest.sh from the host's 9p share, then power off
After=multi-user.target systemd-logind.service dbus.service systemd-user-sessions.service systemd-networkd.service
ConditionVirtualization=vm

[Service]
Type=oneshot
ExecStart=/usr/local/sbin/vaina-vm-runner
StandardOutput=journal+console
StandardError=journal+console
TimeoutStartSec=infinity

[Install]
WantedBy=default.target
UNIT
chroot "$root" systemctl enable vaina-vm-runner.service >/dev/null 2>&1

# Boot files outside the image: qemu boots them with -kernel/-initrd.
vmlinuz=$(ls "$root"/boot/vmlinuz-* | sort -V | tail -n1)
initrd=$(ls "$root"/boot/initrd.img-* | sort -V | tail -n1)
cp "$vmlinuz" "$work/vmlinuz"
cp "$initrd" "$work/initrd.img"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root/debootstrap"

size_mb=$(( $(du -sm "$root" | cut -f1) + 1536 ))
mkfs.ext4 -q -F -L vaina-vm -d "$root" "$work/rootfs.img" "${size_mb}M"
rm -rf --one-file-system "$root"

mkdir -p "$out"
mv "$work/vmlinuz" "$work/initrd.img" "$work/rootfs.img" "$out/"
printf '%s\n' "${packages[@]}" >"$out/packages"
echo "$mirror" >"$out/mirror"
touch "$out/.complete"
echo "build-image: built $out in $(( $(date +%s) - start )) s" >&2
echo "$out"
