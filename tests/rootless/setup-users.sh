#!/usr/bin/env bash
# setup-users.sh - prepares this machine for vaina's rootless tests (run as root; idempotent).
#   vaina-rl1, vaina-rl2: unprivileged users with subordinate id ranges in /etc/subuid and /etc/subgid
#   vaina-rlnosub:        an unprivileged user without ranges (the single-mapping path and its error line)
# For each: /run/user/UID owned by the user, mode 0700 (what pam_systemd provides at login).
# Also "containers:2147483647:2147483648" in /etc/subuid and /etc/subgid (root's --userns=auto),
# and /dev/net/tun and /dev/fuse at 0666 as on stock Debian (rootless networking and fuse-overlayfs).
# Prints one line per user: "NAME UID HOME RUNTIME_DIR".
set -euo pipefail

if [ "$(id -u)" -ne 0 ]; then
    echo "setup-users.sh: must run as root" >&2
    exit 1
fi

for tool in useradd usermod newuidmap newgidmap unshare nsenter; do
    if ! command -v "$tool" >/dev/null; then
        echo "setup-users.sh: $tool is missing (Debian packages: passwd, uidmap, util-linux)" >&2
        exit 1
    fi
done

# Serialise concurrent runs (two test projects may call this at once): useradd itself locks
# /etc/passwd, but the check-then-add sequence below must not interleave.
exec 9>/run/vaina-rootless-setup.lock
flock 9

touch /etc/subuid /etc/subgid

# Adds a 65536-id range for USER to FILE (/etc/subuid or /etc/subgid) unless the user has one.
add_range() {
    local user=$1 file=$2 flag=$3
    if grep -q "^${user}:" "$file"; then
        return
    fi
    # First start above every existing range (and at least 100000, Debian's SUB_UID_MIN).
    local start
    start=$(awk -F: 'BEGIN { m = 100000 } NF == 3 && $1 != "containers" { e = $2 + $3; if (e > m) m = e } END { print m }' /etc/subuid /etc/subgid)
    usermod "$flag" "${start}-$((start + 65535))" "$user"
}

ensure_user() {
    local user=$1 ranges=$2
    if ! id -u "$user" >/dev/null 2>&1; then
        if [ "$ranges" = yes ]; then
            useradd --create-home --shell /bin/bash "$user"
        else
            useradd --create-home --shell /bin/bash -K SUB_UID_COUNT=0 -K SUB_GID_COUNT=0 "$user"
        fi
    fi
    if [ "$ranges" = yes ]; then
        add_range "$user" /etc/subuid --add-subuids
        add_range "$user" /etc/subgid --add-subgids
    else
        # A previous run or an admin may have added ranges: this user must have none.
        sed -i "/^${user}:/d" /etc/subuid /etc/subgid
    fi
    local uid home run
    uid=$(id -u "$user")
    home=$(getent passwd "$user" | cut -d: -f6)
    run=/run/user/$uid
    install -d -m 0755 -o root -g root /run/user
    install -d -m 0700 -o "$uid" -g "$(id -g "$user")" "$run"
    echo "$user $uid $home $run"
}

ensure_user vaina-rl1 yes
ensure_user vaina-rl2 yes
ensure_user vaina-rlnosub no

# Root's --userns=auto hands out ids from the "containers" ranges (Podman's recommended entry).
for file in /etc/subuid /etc/subgid; do
    grep -q '^containers:' "$file" || echo 'containers:2147483647:2147483648' >> "$file"
done

for dev in /dev/net/tun /dev/fuse; do
    if [ -c "$dev" ]; then
        chmod 0666 "$dev"
    fi
done
