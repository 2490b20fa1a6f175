#!/usr/bin/env bash
# boot.sh SHARE_DIR [TIMEOUT_S] - boot the guest image (build-image.sh) once under qemu with SHARE_DIR as
# its 9p share: the guest's runner executes SHARE_DIR/guest.sh as root (systemd PID 1, cgroup v2 unified)
# and powers off. Its output lands in SHARE_DIR/out/ (guest.log, rc, whatever guest.sh writes) and the
# serial console in SHARE_DIR/out/console.log. Exits with guest.sh's status; 124 when the guest did not
# finish in TIMEOUT_S (default 900), 3 when no result came back. The disk is opened with -snapshot, so
# the cached image is never changed. KVM when /dev/kvm is usable, TCG (slow) otherwise. qemu never
# outlives this script.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
share=$(cd "$1" && pwd)
timeout_s=${2:-900}
mkdir -p "$share/out"
rm -f "$share/out/rc"

image=$("$here/build-image.sh")

# KVM boots a stock Debian kernel only on hardware virtualization: a host whose /dev/kvm is PVM (the
# paravirtualized nested KVM of some cloud VMs, module kvm_pvm) runs only PVM-enabled guest kernels, so
# such a host, like one without /dev/kvm, boots the guest under TCG (slower, but the same guest).
accel=(-accel tcg,thread=multi)
cpu=(-cpu max)
why=""
if [ "${VAINA_VM_NO_KVM:-}" = 1 ]; then
    why="VAINA_VM_NO_KVM=1"
elif [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
    why="/dev/kvm is not usable"
elif [ -d /sys/module/kvm_pvm ]; then
    why="/dev/kvm is PVM (kvm_pvm), which cannot boot a stock Debian kernel"
else
    accel=(-accel kvm)
    cpu=(-cpu host)
fi
[ -n "$why" ] && echo "boot.sh: $why: booting the guest under TCG (software emulation, slower)" >&2
cpus=$(nproc); [ "$cpus" -gt 2 ] && cpus=2; [ "$cpus" -lt 2 ] && cpus=2

qemu-system-x86_64 "${accel[@]}" "${cpu[@]}" -smp "$cpus" -m "${VAINA_VM_MEMORY:-2048}" \
    -nodefaults -display none -no-reboot \
    -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
    -append "root=/dev/vda rw console=ttyS0 systemd.unified_cgroup_hierarchy=1 net.ifnames=0 panic=-1 quiet loglevel=4 systemd.show_status=0" \
    -drive "file=$image/rootfs.img,format=raw,if=virtio,snapshot=on" \
    -virtfs "local,path=$share,mount_tag=vmshare,security_model=none,id=vmshare" \
    -netdev user,id=net0 -device virtio-net-pci,netdev=net0 \
    -device virtio-rng-pci \
    -serial "file:$share/out/console.log" -monitor none \
    -pidfile "$share/out/qemu.pid" </dev/null >"$share/out/qemu.log" 2>&1 &
qemu=$!
trap 'kill -9 $qemu 2>/dev/null || true; wait $qemu 2>/dev/null || true' EXIT

deadline=$(( $(date +%s) + timeout_s ))
while kill -0 $qemu 2>/dev/null; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        echo "boot.sh: the guest did not finish in ${timeout_s}s; killed (console: $share/out/console.log)" >&2
        exit 124
    fi
    sleep 1
done
wait $qemu || true
trap - EXIT
if [ ! -f "$share/out/rc" ]; then
    echo "boot.sh: the guest powered off without a result (console: $share/out/console.log)" >&2
    tail -n 20 "$share/out/console.log" >&2 || true
    exit 3
fi
exit "$(cat "$share/out/rc")"
