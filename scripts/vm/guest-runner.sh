#!/bin/sh
# vaina-vm-runner - baked into the guest image by build-image.sh and started by systemd once the system
# is up: mounts the host's 9p share (tag vmshare) on /mnt/vm, runs /mnt/vm/guest.sh with its output in
# /mnt/vm/out/guest.log and its exit status in /mnt/vm/out/rc, then powers the guest off. Without the
# share (someone boots the image by hand) it does nothing.
mkdir -p /mnt/vm
modprobe 9pnet_virtio 2>/dev/null
if ! mount -t 9p -o trans=virtio,version=9p2000.L,msize=262144 vmshare /mnt/vm 2>/dev/null; then
    echo "vaina-vm-runner: no vmshare 9p share; nothing to run"
    exit 0
fi
mkdir -p /mnt/vm/out
rc=0
if [ -f /mnt/vm/guest.sh ]; then
    bash /mnt/vm/guest.sh >/mnt/vm/out/guest.log 2>&1 || rc=$?
else
    echo "no /mnt/vm/guest.sh" >/mnt/vm/out/guest.log
    rc=2
fi
echo "$rc" >/mnt/vm/out/rc.tmp && mv /mnt/vm/out/rc.tmp /mnt/vm/out/rc
sync
[ -f /mnt/vm/keep-running ] || systemctl poweroff --no-block
