#!/bin/bash
# guest.sh - runs as root inside the qemu guest (systemd PID 1, cgroup v2 unified), started by the image's
# vaina-vm-runner from the 9p share /mnt/vm. It installs /mnt/vm/vaina, loads the fixture image and runs
# each check as a named step: STEP's stdout, stderr and exit status land in /mnt/vm/out/steps/STEP.{out,err,rc}
# for the host's tests (tests/Vaina.Vm.Tests) to assert on. It never fails as a whole because one step
# failed: the host decides. A step that needs an earlier one reads that step's output.
set -u
share=/mnt/vm
steps=$share/out/steps
mkdir -p "$steps"
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root
# The steps run as from a login shell: systemd set INVOCATION_ID for the runner service, and vaina (as Podman)
# leaves conmon in a service's cgroup when it sees one.
unset INVOCATION_ID

# step NAME CMD...: run CMD (120 s at most), keep what a user would see.
step() {
    local name=$1
    shift
    timeout 120 "$@" >"$steps/$name.out" 2>"$steps/$name.err"
    echo $? >"$steps/$name.rc"
    echo "== $name rc=$(cat "$steps/$name.rc")"
}
# shstep NAME 'shell text': the same for a shell snippet.
shstep() {
    local name=$1
    step "$name" bash -c "$2"
}
# section NAME: whether to run a group of steps (all, unless /mnt/vm/sections lists the ones wanted).
section() {
    [ ! -f "$share/sections" ] || grep -qx "$1" "$share/sections"
}
# optional_section NAME: a group that runs only when /mnt/vm/sections lists it (development aids).
optional_section() {
    [ -f "$share/sections" ] && grep -qx "$1" "$share/sections"
}

install -m 0755 "$share/vaina" /usr/local/bin/vaina
IMG=localhost/busybox:latest
export IMG

shstep facts 'echo "pid1=$(cat /proc/1/comm)"; echo "cgroupfs=$(stat -fc %T /sys/fs/cgroup)"; echo "controllers=$(cat /sys/fs/cgroup/cgroup.controllers)"; echo "kernel=$(uname -r)"; echo "nproc=$(nproc)"'
step load vaina load -i "$share/images/busybox-oci.tar"

if section limits; then
# --- root, default (systemd manager, crun) ---
step info vaina info --format json
step memory vaina run --rm --memory 64m "$IMG" cat /sys/fs/cgroup/memory.max
step memory_oom vaina run --name oom --memory 32m --memory-swap 32m --shm-size 256m "$IMG" dd if=/dev/zero of=/dev/shm/fill bs=1M count=128
step memory_oom_inspect vaina inspect --format '{{.State.OOMKilled}} {{.State.ExitCode}}' oom
vaina rm -f oom >/dev/null 2>&1
# An OOM kill of the init process races systemd's removal of the emptied scope (conmon often misses it; the
# kernel log has it): several runs, attached, detached, and killed long after the start.
shstep memory_oom_repeat 'for i in 1 2 3 4; do vaina run --name oomr --memory 32m --memory-swap 32m --shm-size 256m "$IMG" dd if=/dev/zero of=/dev/shm/fill bs=1M count=128 2>/dev/null;
    vaina inspect --format "{{.State.OOMKilled}} {{.State.ExitCode}}" oomr; vaina rm -f oomr >/dev/null; done
    vaina run -d --name oomd --memory 32m --memory-swap 32m --shm-size 256m "$IMG" sh -c "sleep 2; exec dd if=/dev/zero of=/dev/shm/fill bs=1M count=128" >/dev/null; vaina wait oomd >/dev/null
    vaina inspect --format "{{.State.OOMKilled}} {{.State.ExitCode}}" oomd; vaina rm -f oomd >/dev/null'
# A SIGKILL that is not the OOM killer's is no OOM kill.
shstep memory_kill9 'vaina run -d --name k9 --memory 32m "$IMG" sleep 100 >/dev/null; vaina kill -s KILL k9 >/dev/null; vaina wait k9 >/dev/null;
    vaina inspect --format "{{.State.OOMKilled}} {{.State.ExitCode}}" k9; vaina rm -f k9 >/dev/null'
step cpus vaina run --rm --cpus 0.5 "$IMG" cat /sys/fs/cgroup/cpu.max
step pids vaina run --rm --pids-limit 42 "$IMG" cat /sys/fs/cgroup/pids.max
step pids_enforced vaina run --rm --pids-limit 5 "$IMG" sh -c 'for i in 1 2 3 4 5 6 7 8; do sleep 5 & done; wait'
step cpu_shares vaina run --rm --cpu-shares 512 "$IMG" cat /sys/fs/cgroup/cpu.weight
step cpuset vaina run --rm --cpuset-cpus 1 "$IMG" cat /sys/fs/cgroup/cpuset.cpus.effective
step blkio_weight vaina run --rm --blkio-weight 300 "$IMG" sh -c 'cat /sys/fs/cgroup/io.bfq.weight 2>/dev/null || cat /sys/fs/cgroup/io.weight'
step memory_reservation vaina run --rm --memory 128m --memory-reservation 64m "$IMG" cat /sys/fs/cgroup/memory.low
step memory_swap vaina run --rm --memory 64m --memory-swap 96m "$IMG" cat /sys/fs/cgroup/memory.swap.max
fi

if section runflags; then
# --cgroup-conf: cgroup v2 files through the spec's linux.resources.unified.
step cgroup_conf vaina run --rm --cgroup-conf memory.high=50331648 --cgroup-conf pids.max=77 "$IMG" cat /sys/fs/cgroup/memory.high /sys/fs/cgroup/pids.max
fi

if section systemd; then
# The systemd manager: libpod-ID.scope in machine.slice, conmon in libpod-conmon-ID.scope.
step sd_run vaina run -d --name sd --memory 64m --pids-limit 99 "$IMG" sleep 1000
shstep sd_cgroup 'id=$(vaina inspect --format "{{.Id}}" sd); pid=$(vaina inspect --format "{{.State.Pid}}" sd); cpid=$(vaina inspect --format "{{.State.ConmonPid}}" sd);
    echo "id=$id"; echo "ctr=$(cat /proc/$pid/cgroup)"; echo "conmon=$(cat /proc/$cpid/cgroup)";
    echo "scope=$(systemctl is-active libpod-$id.scope)"; echo "conmonscope=$(systemctl is-active libpod-conmon-$id.scope)";
    echo "memmax=$(cat /sys/fs/cgroup/machine.slice/libpod-$id.scope/memory.max)"; echo "pidsmax=$(cat /sys/fs/cgroup/machine.slice/libpod-$id.scope/pids.max)"'
step sd_inspect vaina inspect --format '{{.HostConfig.CgroupManager}} {{.HostConfig.CgroupParent}} {{.OCIRuntime}}' sd
step sd_stats vaina stats --no-stream --format json sd
step sd_update vaina update --memory 128m --cpus 1.5 --pids-limit 77 sd
step sd_after_update vaina exec sd sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max /sys/fs/cgroup/pids.max'
step sd_top vaina top sd
step sd_pause vaina pause sd
shstep sd_paused 'vaina inspect --format "{{.State.Status}}" sd; pid=$(vaina inspect --format "{{.State.Pid}}" sd); cat /sys/fs/cgroup$(cut -d: -f3 /proc/$pid/cgroup)/cgroup.freeze'
step sd_unpause vaina unpause sd
shstep sd_rm 'id=$(vaina inspect --format "{{.Id}}" sd); vaina rm -f -t 0 sd >/dev/null; sleep 0.5; echo "scope=$(systemctl is-active libpod-$id.scope)"; ls -d /sys/fs/cgroup/machine.slice/libpod-$id.scope 2>&1 | sed "s/.*No such file.*/gone/"'
# Run from a systemd service ($INVOCATION_ID set), conmon stays in the service's cgroup, as Podman leaves it.
step sd_unit_run systemd-run --unit vaina-run-unit -p Type=oneshot -p RemainAfterExit=yes --quiet vaina run -d --name unitctr "$IMG" sleep 1000
shstep sd_unit_conmon 'vaina inspect --format "{{.State.Status}}" unitctr; cpid=$(vaina inspect --format "{{.State.ConmonPid}}" unitctr); cat /proc/$cpid/cgroup'
step sd_unit_rm vaina rm -f -t 0 unitctr
systemctl stop vaina-run-unit >/dev/null 2>&1
fi

if section cgroupfs; then
# --cgroup-manager cgroupfs: /libpod_parent/libpod-ID, conmon in /libpod_parent/conmon. The manager is the
# container's, kept at create: no later command repeats the flag (as with Podman).
step fs_run vaina --cgroup-manager cgroupfs run -d --name fs --memory 48m "$IMG" sleep 1000
shstep fs_cgroup 'id=$(vaina inspect --format "{{.Id}}" fs); pid=$(vaina inspect --format "{{.State.Pid}}" fs); cpid=$(vaina inspect --format "{{.State.ConmonPid}}" fs);
    echo "id=$id"; echo "ctr=$(cat /proc/$pid/cgroup)"; echo "conmon=$(cat /proc/$cpid/cgroup)"; echo "memmax=$(cat /sys/fs/cgroup/libpod_parent/libpod-$id/memory.max)"'
step fs_inspect vaina inspect --format '{{.HostConfig.CgroupManager}}' fs
step fs_stats vaina stats --no-stream --format json fs
step fs_update vaina update --memory 96m fs
step fs_after_update vaina exec fs cat /sys/fs/cgroup/memory.max
# Inside its cgroup namespace the container's own cgroup is the root.
step fs_exec_cgroup vaina exec fs cat /proc/self/cgroup
step fs_pause vaina pause fs
shstep fs_paused 'id=$(vaina inspect --format "{{.Id}}" fs); vaina inspect --format "{{.State.Status}}" fs; cat /sys/fs/cgroup/libpod_parent/libpod-$id/cgroup.freeze'
step fs_unpause vaina unpause fs
step fs_stop vaina stop -t 1 fs
step fs_start vaina start fs
shstep fs_restarted 'pid=$(vaina inspect --format "{{.State.Pid}}" fs); id=$(vaina inspect --format "{{.Id}}" fs); cat /proc/$pid/cgroup; echo "$(systemctl is-active libpod-$id.scope)"'
shstep fs_rm 'id=$(vaina inspect --format "{{.Id}}" fs); vaina rm -f -t 0 fs >/dev/null || exit 1; ls -d /sys/fs/cgroup/libpod_parent/libpod-$id 2>&1 | sed "s/.*No such file.*/gone/"'
fi

if section runc; then
# runc instead of crun.
step runc_memory vaina run --rm --runtime runc --memory 64m --cpus 0.25 "$IMG" sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max'
step runc_sd_run vaina run -d --runtime runc --name rc "$IMG" sleep 1000
shstep runc_sd_cgroup 'pid=$(vaina inspect --format "{{.State.Pid}}" rc); cat /proc/$pid/cgroup; vaina inspect --format "{{.OCIRuntime}}" rc'
step runc_stats vaina stats --no-stream --format '{{.ID}} {{.MemUsage}} {{.PIDs}}' rc
step runc_exec vaina exec rc echo exec-ok
step runc_stop vaina stop -t 1 rc
step runc_rm vaina rm -f -t 0 rc
fi

if section pods; then
# Pods: the pod's cgroup parent.
step pod_create vaina pod create --name p1 --memory 256m --cpus 1
step pod_run vaina run -d --pod p1 --name inpod "$IMG" sleep 1000
shstep pod_cgroup 'pid=$(vaina inspect --format "{{.State.Pid}}" inpod); cat /proc/$pid/cgroup; vaina pod inspect --format "{{.CgroupParent}} {{.CgroupPath}}" p1;
    id=$(vaina pod inspect --format "{{.ID}}" p1); d=/sys/fs/cgroup/machine.slice/machine-libpod_pod_$id.slice; echo "slice=$(systemctl is-active machine-libpod_pod_$id.slice)"; cat $d/memory.max $d/cpu.max'
step pod_stats vaina pod stats --no-stream --format '{{.Pod}} {{.Name}} {{.PIDS}}' p1
step pod_rm vaina pod rm -f -t 0 p1
step pod_fs_create vaina --cgroup-manager cgroupfs pod create --name p2
step pod_fs_run vaina --cgroup-manager cgroupfs run -d --pod p2 --name inpod2 "$IMG" sleep 1000
shstep pod_fs_cgroup 'pid=$(vaina inspect --format "{{.State.Pid}}" inpod2); cat /proc/$pid/cgroup; vaina pod inspect --format "{{.CgroupParent}} {{.CgroupPath}}" p2'
step pod_fs_rm vaina --cgroup-manager cgroupfs pod rm -f -t 0 p2
shstep pod_slices_gone 'systemctl list-units --no-legend --all "machine-libpod_pod_*" | wc -l; ls -d /sys/fs/cgroup/machine.slice/machine-libpod_pod_* 2>/dev/null | wc -l'
fi

if section cgroupsmodes; then
# --cgroups split as Podman's users run it, from a unit with Delegate=yes: the container in UNIT/libpod-payload-ID
# (a cgroupfs path whatever the manager), the unit's processes and conmon moved to UNIT/runtime.
cat >/tmp/split.sh <<EOS
#!/bin/bash
vaina run -d --name sp --cgroups split --memory 64m $IMG sleep 1000 >/dev/null || exit 1
id=\$(vaina inspect --format "{{.Id}}" sp); pid=\$(vaina inspect --format "{{.State.Pid}}" sp); cpid=\$(vaina inspect --format "{{.State.ConmonPid}}" sp)
echo "id=\$id"; echo "ctr=\$(cat /proc/\$pid/cgroup)"; echo "conmon=\$(cat /proc/\$cpid/cgroup)"; echo "self=\$(cat /proc/self/cgroup)"
dir=/sys/fs/cgroup\$(cut -d: -f3 /proc/\$pid/cgroup)
echo "memmax=\$(cat \$dir/memory.max)"
echo "inspect=\$(vaina inspect --format "{{.HostConfig.CgroupParent}}|{{.HostConfig.Cgroups}}" sp)"
vaina update --memory 80m sp >/dev/null; echo "update=\$? \$(cat \$dir/memory.max)"
echo "exec=\$(vaina exec sp echo exec-ok)"
echo "stats=\$(vaina stats --no-stream --format "{{.PIDs}}" sp)"
vaina pause sp >/dev/null; echo "pause=\$? \$(cat \$dir/cgroup.freeze)"; vaina unpause sp >/dev/null
vaina rm -f -t 0 sp >/dev/null; echo "rm=\$?"; echo "payload=\$(ls -d /sys/fs/cgroup/system.slice/vaina-split.service/libpod-payload-* 2>/dev/null | wc -l)"
EOS
chmod 0755 /tmp/split.sh
shstep split_unit 'systemd-run --unit vaina-split -p Delegate=yes -p Type=oneshot -p RemainAfterExit=yes --quiet bash -c "/tmp/split.sh >/tmp/split.out 2>&1"; cat /tmp/split.out; systemctl stop vaina-split'
step split_run vaina run --rm --cgroups split "$IMG" cat /proc/self/cgroup
step split_parent vaina run --rm --cgroups split --cgroup-parent machine.slice "$IMG" true
# --cgroups disabled: the container stays in the caller's cgroup; what needs a cgroup says so, as Podman.
step dis_run vaina run -d --name dis --cgroups disabled --memory 64m "$IMG" sleep 1000
shstep dis_cgroup 'pid=$(vaina inspect --format "{{.State.Pid}}" dis); cpid=$(vaina inspect --format "{{.State.ConmonPid}}" dis); echo "ctr=$(cat /proc/$pid/cgroup)"; echo "conmon=$(cat /proc/$cpid/cgroup)"; echo "self=$(cat /proc/self/cgroup)"; vaina inspect --format "{{.HostConfig.Cgroups}}" dis'
step dis_stats vaina stats --no-stream dis
step dis_top vaina top dis
step dis_pause vaina pause dis
step dis_unpause vaina unpause dis
step dis_update vaina update --memory 80m dis
step dis_exec vaina exec dis echo exec-ok
step dis_rm vaina rm -f -t 0 dis
step dis_runc vaina run --rm --runtime runc --cgroups disabled "$IMG" true
# Block IO on v2: throttles in io.max at run and update, weights in io.weight, BFQ's io.bfq.weight when it is the scheduler.
step io_throttle vaina run --rm --device-read-bps /dev/vda:1mb --device-write-bps /dev/vda:2mb --device-read-iops /dev/vda:100 --device-write-iops /dev/vda:200 "$IMG" cat /sys/fs/cgroup/io.max
step io_throttle_runc vaina run --rm --runtime runc --device-read-bps /dev/vda:1mb --device-write-iops /dev/vda:200 "$IMG" cat /sys/fs/cgroup/io.max
step io_throttle_cgroupfs vaina --cgroup-manager cgroupfs run --rm --device-read-bps /dev/vda:1mb "$IMG" cat /sys/fs/cgroup/io.max
step io_run vaina run -d --name io --device-read-bps /dev/vda:1mb "$IMG" sleep 1000
step io_update vaina update --device-read-bps /dev/vda:3mb --device-write-iops /dev/vda:300 --device-write-bps /dev/vda:4mb --device-read-iops /dev/vda:50 --blkio-weight 500 io
step io_after_update vaina exec io cat /sys/fs/cgroup/io.max /sys/fs/cgroup/io.weight
step io_inspect vaina inspect --format '{{json .HostConfig.BlkioDeviceReadBps}} {{json .HostConfig.BlkioDeviceWriteIOps}} {{.HostConfig.BlkioWeight}}' io
step io_rm vaina rm -f -t 0 io
# Per-device weights need BFQ: crun 1.8 refuses them without it (as under Podman), runc ignores them.
step io_weight_device_nobfq vaina run --rm --blkio-weight-device /dev/vda:200 "$IMG" true
shstep io_bfq 'modprobe bfq && echo bfq >/sys/block/vda/queue/scheduler && cat /sys/block/vda/queue/scheduler'
step io_bfq_weight vaina run --rm --blkio-weight 300 --blkio-weight-device /dev/vda:200 "$IMG" cat /sys/fs/cgroup/io.bfq.weight
step io_bfq_weight_runc vaina run --rm --runtime runc --blkio-weight 300 --blkio-weight-device /dev/vda:200 "$IMG" cat /sys/fs/cgroup/io.bfq.weight
echo mq-deadline >/sys/block/vda/queue/scheduler
fi

if section sysd; then
# --systemd always on cgroup v2: the guest's own root (overlaid) as a systemd container.
step systemd_run vaina run -d --name sysd --systemd always --rootfs /:O /lib/systemd/systemd
shstep systemd_state 'for i in $(seq 1 60); do s=$(vaina exec sysd systemctl is-system-running 2>/dev/null); case "$s" in running|degraded) break;; esac; sleep 1; done; echo "state=$s";
    vaina exec sysd sh -c "grep \" /sys/fs/cgroup \" /proc/self/mountinfo; cat /proc/1/cgroup; ls /sys/fs/cgroup/init.scope >/dev/null 2>&1 && echo initscope"'
step systemd_rm vaina rm -f -t 5 sysd
fi

if section rootless; then
# --- rootless: a user with subuid/subgid and a systemd user session (linger) ---
shstep user_setup 'useradd -m -s /bin/bash vmuser && loginctl enable-linger vmuser && uid=$(id -u vmuser);
    for i in $(seq 1 60); do [ -S /run/user/$uid/bus ] && break; sleep 0.5; done; ls -l /run/user/$uid/bus; grep vmuser /etc/subuid;
    cat /sys/fs/cgroup/user.slice/user-$uid.slice/user@$uid.service/cgroup.controllers'
# urun CMD...: CMD as vmuser inside its own systemd user manager (a transient user service), as from a login
# shell: without the service's INVOCATION_ID, under which vaina (as Podman) would leave conmon in the service,
# which systemd-run --wait stops when CMD returns.
printf '#!/bin/sh\nexec systemd-run --machine vmuser@ --user --wait --pipe --quiet -- /usr/bin/env -u INVOCATION_ID "$@"\n' >/usr/local/bin/urun
chmod 0755 /usr/local/bin/urun
step rl_load urun vaina load -i "$share/images/busybox-oci.tar"
step rl_info urun vaina info --format json
step rl_memory urun vaina run --rm --memory 64m --pids-limit 50 "$IMG" sh -c 'cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/pids.max'
step rl_cpus urun vaina run --rm --cpus 0.5 "$IMG" cat /sys/fs/cgroup/cpu.max
step rl_run urun vaina run -d --name rl --memory 64m "$IMG" sleep 1000
shstep rl_cgroup 'pid=$(urun vaina inspect --format "{{.State.Pid}}" rl); cat /proc/$pid/cgroup; cpid=$(urun vaina inspect --format "{{.State.ConmonPid}}" rl); echo "conmon=$(cat /proc/$cpid/cgroup)"'
step rl_stats urun vaina stats --no-stream --format json rl
step rl_update urun vaina update --memory 100m rl
shstep rl_after_update 'pid=$(urun vaina inspect --format "{{.State.Pid}}" rl); cat /sys/fs/cgroup$(cut -d: -f3 /proc/$pid/cgroup)/memory.max'
step rl_exec urun vaina exec rl echo exec-ok
step rl_exec_i urun vaina exec -i rl echo exec-ok
step rl_exec_runc urun vaina --runtime runc run --rm "$IMG" echo run-ok
step rl_exec_runc_ctr bash -c 'urun vaina run -d --runtime runc --name rlrunc "$IMG" sleep 1000 >/dev/null && urun vaina exec rlrunc echo exec-ok; urun vaina rm -f -t 0 rlrunc >/dev/null'
shstep rl_pause_scope 'cat /proc/$(cat /run/user/$(id -u vmuser)/vaina/pause.pid)/cgroup'
step rl_pause urun vaina pause rl
step rl_unpause urun vaina unpause rl
step rl_rm urun vaina rm -f -t 0 rl
step rl_cgroupfs urun vaina --cgroup-manager cgroupfs run --rm --memory 64m "$IMG" cat /sys/fs/cgroup/memory.max
step rl_pod_create urun vaina pod create --name rp --memory 200m
step rl_pod_run urun vaina run -d --pod rp --name rpc "$IMG" sleep 1000
shstep rl_pod_cgroup 'pid=$(urun vaina inspect --format "{{.State.Pid}}" rpc); cat /proc/$pid/cgroup; urun vaina pod inspect --format "{{.CgroupParent}} {{.CgroupPath}}" rp'
step rl_pod_rm urun vaina pod rm -f -t 0 rp
fi

if section nodelegation; then
# --- rootless without a user session: no delegated cgroup ---
shstep user2_setup 'useradd -m -s /bin/bash vmuser2 && grep vmuser2 /etc/subuid'
# nrun CMD...: CMD as vmuser2 with no login session, no user manager and no session bus (su from a root service).
printf '#!/bin/sh\nexec runuser -u vmuser2 -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/vmuser2 "$@"\n' >/usr/local/bin/nrun
chmod 0755 /usr/local/bin/nrun
step nd_load nrun vaina load -i "$share/images/busybox-oci.tar"
step nd_info nrun vaina info --format '{{.Host.CgroupManager}} {{.Host.CgroupsVersion}}'
step nd_memory nrun vaina run --rm --memory 64m --pids-limit 50 "$IMG" cat /sys/fs/cgroup/memory.max
step nd_plain nrun vaina run --rm "$IMG" echo ok
fi

if section journald; then
# --log-driver journald: conmon writes to the guest's systemd-journald; `vaina logs` reads it back through libsystemd.
# jfields CTR: the journal fields conmon wrote for CTR, one JSON object per entry.
printf '#!/bin/sh\nid=$(vaina inspect --format "{{.Id}}" "$1") || exit 1\nexec journalctl -o json --no-pager --output-fields=MESSAGE,PRIORITY,CONTAINER_ID,CONTAINER_ID_FULL,CONTAINER_NAME,CONTAINER_TAG,CONTAINER_PARTIAL_MESSAGE,SYSLOG_IDENTIFIER CONTAINER_ID_FULL=$id\n' >/usr/local/bin/jfields
chmod 0755 /usr/local/bin/jfields
step jd_run vaina run --name jd --log-driver journald "$IMG" sh -c 'echo out1; echo err1 >&2; echo out2; printf partial'
step jd_logs vaina logs jd
step jd_logs_t vaina logs -t jd
step jd_logs_tail vaina logs --tail 2 jd
step jd_logs_tail0 vaina logs --tail 0 jd
step jd_logs_since vaina logs --since 10m jd
step jd_logs_since_future vaina logs --since 2099-01-01T00:00:00Z jd
step jd_logs_until_past vaina logs --until 2000-01-01T00:00:00Z jd
step jd_inspect vaina inspect --format '{{json .HostConfig.LogConfig}}' jd
step jd_fields jfields jd
step jd_tag_run vaina run --name jdtag --log-driver journald --log-opt tag=mytag "$IMG" echo tagged
step jd_tag_fields jfields jdtag
step jd_tag_inspect vaina inspect --format '{{.HostConfig.LogConfig.Tag}}' jdtag
step jd_tagtmpl_run vaina run --name jdtmpl --log-driver journald --log-opt 'tag={{.Name}}-{{.ImageName}}' "$IMG" echo templated
step jd_tagtmpl_fields jfields jdtmpl
step jd_several vaina logs jd jdtag
step jd_tty_run vaina run -t --name jdtty --log-driver journald "$IMG" sh -c 'echo tty1; echo tty2 >&2'
step jd_tty_logs vaina logs jdtty
step jd_long_run vaina run --name jdlong --log-driver journald "$IMG" sh -c 'head -c 20000 /dev/zero | tr "\0" a; echo'
shstep jd_long_logs 'vaina logs jdlong | wc -c; jfields jdlong | grep -c CONTAINER_PARTIAL_MESSAGE'
# -f follows a running container and ends when it exits, having shown every line.
step jd_follow_run vaina run -d --name jdf --log-driver journald "$IMG" sh -c 'for i in 1 2 3; do echo l$i; sleep 1; done; echo last'
step jd_follow vaina logs -f jdf
step jd_follow_state vaina inspect --format '{{.State.Status}}' jdf
step jd_follow_exited vaina logs -f --tail 1 jdf
step jd_create vaina create --name jdc --log-driver journald "$IMG" echo started-later
step jd_created_logs vaina logs jdc
step jd_start vaina start -a jdc
step jd_started_logs vaina logs jdc
shstep jd_running 'vaina run -d --name jdr --log-driver journald "$IMG" sh -c "echo running; sleep 1000" >/dev/null;
    for i in $(seq 1 100); do out=$(vaina logs jdr); [ -n "$out" ] && break; sleep 0.2; done; echo "$out"; vaina inspect --format "{{.State.Status}}" jdr; vaina rm -f -t 0 jdr >/dev/null'
# containers.conf log_driver = "journald" without --log-driver.
shstep jd_conf 'printf "[containers]\nlog_driver = \"journald\"\n" >/tmp/jd-containers.conf; export CONTAINERS_CONF=/tmp/jd-containers.conf;
    vaina run --name jdconf "$IMG" echo from-conf >/dev/null; vaina inspect --format "{{.HostConfig.LogConfig.Type}}" jdconf; vaina logs jdconf; vaina info --format "{{.Host.LogDriver}}"'
step jd_info_plugins vaina info --format '{{json .Plugins.Log}}'
step jd_rm vaina rm -f jd jdtag jdtmpl jdtty jdlong jdf jdc jdconf
# --events-backend journald / events_logger = "journald": events as journal entries with Podman's fields.
step ev_run vaina --events-backend journald run --name ev1 --label team=blue "$IMG" sh -c 'exit 3'
step ev_list vaina --events-backend journald events --stream=false --filter container=ev1 --format '{{.Type}} {{.Status}} {{.Name}}'
step ev_exit vaina --events-backend journald events --stream=false --filter container=ev1 --filter event=died --format '{{.ContainerExitCode}}'
step ev_human vaina --events-backend journald events --stream=false --filter container=ev1 --filter event=died
shstep ev_fields 'journalctl -o json --no-pager --output-fields=SYSLOG_IDENTIFIER,PODMAN_EVENT,PODMAN_TYPE,PODMAN_NAME,PODMAN_ID,PODMAN_IMAGE,PODMAN_EXIT_CODE,PODMAN_LABELS,PODMAN_TIME,PRIORITY SYSLOG_IDENTIFIER=podman PODMAN_NAME=ev1'
step ev_not_in_file vaina events --stream=false --filter container=ev1
shstep ev_conf 'printf "[engine]\nevents_logger = \"journald\"\n" >/tmp/ev-containers.conf; export CONTAINERS_CONF=/tmp/ev-containers.conf;
    vaina create --name ev2 "$IMG" true >/dev/null; vaina events --stream=false --filter container=ev2 --format "{{.Status}}"; vaina info --format "{{.Host.EventLogger}}"'
# Following: a died event that comes after `events` started is printed while it waits.
shstep ev_follow 'vaina --events-backend journald events --filter container=ev3 --filter event=died --format "{{.Status}} {{.Name}}" >/tmp/ev-follow.out 2>&1 & f=$!;
    sleep 1; vaina --events-backend journald run --name ev3 "$IMG" true >/dev/null;
    for i in $(seq 1 200); do grep -q died /tmp/ev-follow.out && break; sleep 0.2; done; kill $f; cat /tmp/ev-follow.out'
step ev_rm vaina --events-backend journald rm -f ev1 ev2 ev3
fi

# Podman 4.3.1 beside vaina, for comparing words while developing (needs the guest's network to Debian's mirror).
if optional_section podmanref; then
step pm_install bash -c 'DEBIAN_FRONTEND=noninteractive apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends podman'
id vmuser2 >/dev/null 2>&1 || useradd -m -s /bin/bash vmuser2
printf '#!/bin/sh\nexec runuser -u vmuser2 -- env -i PATH=/usr/local/bin:/usr/bin:/bin HOME=/home/vmuser2 "$@"\n' >/usr/local/bin/nrun
chmod 0755 /usr/local/bin/nrun
step pm_load podman load -i "$share/images/busybox-oci.tar"
step pm_pod_create podman pod create --name pmp --memory 256m
step pm_pod_inspect podman pod inspect --format '{{.CgroupParent}} {{.CgroupPath}}' pmp
step pm_pod_run podman run -d --pod pmp --name pmc "$IMG" sleep 100
shstep pm_pod_cgroup 'pid=$(podman inspect --format "{{.State.Pid}}" pmc); cat /proc/$pid/cgroup; cpid=$(podman inspect --format "{{.State.ConmonPid}}" pmc); cat /proc/$cpid/cgroup'
step pm_stats podman stats --no-stream --format json pmc
step pm_pod_rm podman pod rm -f -t 0 pmp
step pm_nd_load nrun podman load -i "$share/images/busybox-oci.tar"
step pm_nd_info nrun podman info --format '{{.Host.CgroupManager}} {{.Host.CgroupsVersion}}'
step pm_nd_memory nrun podman run --rm --memory 64m --pids-limit 50 "$IMG" cat /sys/fs/cgroup/memory.max
step pm_nd_plain nrun podman run --rm "$IMG" echo ok
fi

shstep leftovers 'ls /sys/fs/cgroup/machine.slice/ 2>&1; systemctl list-units --no-legend "libpod*" 2>&1'
echo "guest.sh done"
