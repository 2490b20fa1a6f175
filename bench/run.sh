#!/bin/bash
# bench/run.sh [--quick] - side-by-side timings of vaina and Debian's podman.
#
# Writes bench/RESULTS.md: one row per scenario with the median/min/max wall time of each
# engine, the vaina/podman ratio of the medians, and the peak RSS of each. Not part of CI
# (and never fails it): a row that cannot run is reported as failed and the script goes on,
# and the script always exits 0 after writing what it could.
#
# Environment:
#   VAINA        the vaina binary (default /usr/local/bin/vaina)
#   BENCH_DIR    scratch state for both engines (default /var/tmp/vaina-bench)
#   ROUNDS       timed rounds per row (default 20, 5 with --quick)
#   SCALE        container/image counts of the scaling rows (default "10 100 500 1000")
#   SCALE_ROUNDS timed rounds per scaling row (default 7, 3 with --quick)
#   VAINA_FLAGS / PODMAN_FLAGS  replace the default global flags below
#   ONLY         measure only the rows whose name matches this (bash) regex (the floor and scaling
#                rows only when it matches "floor" or "scaling")
#   RESULTS      where to write the report (default bench/RESULTS.md)
#
# Adding a scenario: one line in rows(), e.g.
#   row "ps -a (empty)" "$V ps -a" "$P ps -a"
#   row "pull busybox" "$V pull -q $REG/busybox" "$P pull -q --tls-verify=false $REG/busybox" \
#       '$ENGINE rmi -af >/dev/null 2>&1 || true'
# The commands are run without a shell (hyperfine -N), so a row that needs pipes or
# redirections says `sh -c '...'` itself on both sides, and both pay the same shell cost.
# The optional PREPARE is a shell snippet run, untimed, before every timed run of either
# engine; $ENGINE in it is the engine's full command prefix ($V or $P).
set -uo pipefail

HERE=$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")
RESULTS=${RESULTS:-$HERE/RESULTS.md}
OUT_DIR=$(dirname "$RESULTS") # scaling.dat and the plot go beside the report
VAINA=${VAINA:-/usr/local/bin/vaina}
BENCH_DIR=${BENCH_DIR:-/var/tmp/vaina-bench}
QUICK=0
[ "${1:-}" = --quick ] && QUICK=1
ROUNDS=${ROUNDS:-$([ $QUICK = 1 ] && echo 5 || echo 20)}
SCALE=${SCALE:-10 100 500 1000}
SCALE_ROUNDS=${SCALE_ROUNDS:-$([ $QUICK = 1 ] && echo 3 || echo 7)}
RSS_RUNS=3

log() { echo "bench: $*" >&2; }

# ---------------------------------------------------------------------------------------
# setup

ensure_tools() {
    local missing=() pkg
    command -v hyperfine >/dev/null || missing+=(hyperfine)
    [ -x /usr/bin/time ] || missing+=(time)
    command -v jq >/dev/null || missing+=(jq)
    # podman is installed here, in the benchmark only; tests never install or run it.
    command -v podman >/dev/null || missing+=(podman)
    # the scaling plot (optional: without it RESULTS.md keeps the table only)
    command -v gnuplot >/dev/null || missing+=(gnuplot-nox)
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2 ||
        log "apt-get install failed"
    for pkg in hyperfine jq podman; do
        command -v "$pkg" >/dev/null || { log "$pkg is not available"; return 1; }
    done
    [ -x /usr/bin/time ] || { log "/usr/bin/time is not available"; return 1; }
}

setup_engines() {
    mkdir -p "$BENCH_DIR"/{vaina,podman}/{root,runroot,tmp} "$BENCH_DIR/networks"
    # One containers.conf for both engines, read instead of the system's (CONTAINERS_CONF
    # replaces /etc/containers/containers.conf), so neither picks up host settings and
    # podman uses netavark with its networks under BENCH_DIR, never /etc/cni.
    cat >"$BENCH_DIR/containers.conf" <<EOF
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"

[network]
network_backend = "netavark"
network_config_dir = "$BENCH_DIR/networks"
EOF
    export CONTAINERS_CONF=$BENCH_DIR/containers.conf
    # Each engine gets its own storage under BENCH_DIR, never /var/lib/containers or
    # /var/lib/vaina. Podman uses runc (crun 1.8.1 cannot run on this host's hybrid
    # cgroups), cgroupfs (no systemd here) and the file events backend (no journald), which
    # is also what vaina does (events appended to a file).
    P=${PODMAN_FLAGS:-"podman --root $BENCH_DIR/podman/root --runroot $BENCH_DIR/podman/runroot --tmpdir $BENCH_DIR/podman/tmp --runtime runc --cgroup-manager cgroupfs --events-backend file"}
    V=${VAINA_FLAGS:-"$VAINA --root $BENCH_DIR/vaina/root --runroot $BENCH_DIR/vaina/runroot"}
    # Ask vaina for runc too when it has the flag, so both drive the same runtime.
    if [ -z "${VAINA_FLAGS:-}" ] && $V --runtime runc version >/dev/null 2>&1; then
        V="$V --runtime runc"
    fi
    # Fixture registry for pull/push rows (optional: rows that need it check $REG).
    REG=
    local fixtures=$HERE/../tests/fixtures/registry.sh
    if [ -x "$fixtures" ] && "$fixtures" start >/dev/null 2>&1; then
        REG=$("$fixtures" env | sed -n 's/^VAINA_FIXTURE_REGISTRY=//p')
    fi
}

# ---------------------------------------------------------------------------------------
# measuring

# Why one hyperfine call per run: hyperfine runs all the runs of one command before the
# next command, so slow drift (page cache, CPU frequency, a background job) would land on
# one engine only. Instead each round times one run of each engine (`--runs 1`), and the
# order flips every round (A B, B A, A B, ...), so drift within a round also cancels out.
# A first, untimed round warms the page cache for both. hyperfine still gives what it is
# good at: exact timing of a process without a shell (-N) and the PREPARE step outside the
# timed region.
time_once() { # ENGINE_PREFIX PREPARE COMMAND -> seconds on stdout, or nothing on failure
    local engine=$1 prepare=$2 cmd=$3 json
    json=$(mktemp)
    local args=(-N --runs 1 --style none --export-json "$json")
    # as `sh -c '...'`, so it works whether or not -N also applies to --prepare
    [ -n "$prepare" ] && args+=(--prepare "sh -c '${prepare//\'/\'\\\'\'}'")
    if ENGINE=$engine hyperfine "${args[@]}" "$cmd" >/dev/null 2>>"$BENCH_DIR/bench.log"; then
        jq -r '.results[0].times[0]' "$json"
    fi
    rm -f "$json"
}

peak_rss_kb() { # ENGINE_PREFIX PREPARE COMMAND -> median peak RSS (KiB) of RSS_RUNS runs
    local engine=$1 prepare=$2 cmd=$3 i out vals=()
    for ((i = 0; i < RSS_RUNS; i++)); do
        [ -n "$prepare" ] && ENGINE=$engine sh -c "$prepare" >/dev/null 2>&1
        # word splitting of cmd is intended: it is a command line without shell syntax
        # shellcheck disable=SC2086
        /usr/bin/time -o "$BENCH_DIR/rss" -f '%M' $cmd >/dev/null 2>&1 &&
            out=$(tail -n1 "$BENCH_DIR/rss") && [[ "$out" =~ ^[0-9]+$ ]] && vals+=("$out")
    done
    [ ${#vals[@]} -gt 0 ] && printf '%s\n' "${vals[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

stats() { # file of seconds -> "median min max" in ms
    sort -g "$1" | awk '{ v[NR] = $1 * 1000 }
        END { if (NR == 0) exit 1
              m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
              printf "%.1f %.1f %.1f\n", m, v[1], v[NR] }'
}

ROWS=()
LAST_V= LAST_P=
row() { # NAME VAINA_CMD PODMAN_CMD [PREPARE]   (ROW_ROUNDS=N before it overrides ROUNDS for one row)
    local name=$1 vcmd=$2 pcmd=$3 prepare=${4:-} r t
    [ -n "${ONLY:-}" ] && [[ ! $name =~ $ONLY ]] && return 0
    local vt pt ROUNDS=${ROW_ROUNDS:-$ROUNDS}
    vt=$(mktemp); pt=$(mktemp)
    log "row: $name ($ROUNDS rounds)"
    # warm-up round, not recorded
    time_once "$V" "$prepare" "$vcmd" >/dev/null
    time_once "$P" "$prepare" "$pcmd" >/dev/null
    for ((r = 0; r < ROUNDS; r++)); do
        if ((r % 2 == 0)); then
            t=$(time_once "$V" "$prepare" "$vcmd"); [ -n "$t" ] && echo "$t" >>"$vt"
            t=$(time_once "$P" "$prepare" "$pcmd"); [ -n "$t" ] && echo "$t" >>"$pt"
        else
            t=$(time_once "$P" "$prepare" "$pcmd"); [ -n "$t" ] && echo "$t" >>"$pt"
            t=$(time_once "$V" "$prepare" "$vcmd"); [ -n "$t" ] && echo "$t" >>"$vt"
        fi
    done
    local vs ps ratio vrss prss vn pn
    vn=$(wc -l <"$vt"); pn=$(wc -l <"$pt")
    vs=$(stats "$vt" || echo "- - -"); ps=$(stats "$pt" || echo "- - -")
    rm -f "$vt" "$pt"
    vrss=$(peak_rss_kb "$V" "$prepare" "$vcmd"); prss=$(peak_rss_kb "$P" "$prepare" "$pcmd")
    ratio=$(awk -v a="${vs%% *}" -v b="${ps%% *}" 'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }')
    LAST_V=${vs%% *} LAST_P=${ps%% *}
    local note=
    ((vn < ROUNDS)) && note+=" vaina failed $((ROUNDS - vn))/$ROUNDS;"
    ((pn < ROUNDS)) && note+=" podman failed $((ROUNDS - pn))/$ROUNDS;"
    # shellcheck disable=SC2086
    ROWS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$name" \
        $vs $ps "$ratio" "$(mb "$vrss")" "$(mb "$prss")" "${note:- }")")
}

mb() { if [ -n "$1" ]; then awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; else echo -; fi; }

# ---------------------------------------------------------------------------------------
# the scenarios: one row each

rows() {
    row "CLI start-up (version)" "$V version" "$P version"
    [ -n "$REG" ] || { log "no fixture registry: only the start-up row"; return 0; }
    local I=$REG/busybox:latest TV=--tls-verify=false
    # explicit rlimits within the hard limits: podman asks runc for RLIMIT_NOFILE 1048576 and a large
    # RLIMIT_NPROC by default, above this host's hard limits (no CAP_SYS_RESOURCE), and its containers
    # fail with "error setting rlimits"; both engines get the same explicit limits
    local UL="--ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096"
    row "pull busybox (cold store)" "$V pull -q $TV $I" "$P pull -q $TV $I" \
        '$ENGINE rm -af >/dev/null 2>&1; $ENGINE rmi -af >/dev/null 2>&1 || true'
    # a ~200 MB image of 5 incompressible layers, built here and pushed to the fixture registry
    if [[ "pull ~200 MB 5-layer image (cold store)" =~ ${ONLY:-.} ]] && push_big_image; then
        row "pull ~200 MB 5-layer image (cold store)" "$V pull -q $TV $REG/$BIG" "$P pull -q $TV $REG/$BIG" \
            '$ENGINE rm -af >/dev/null 2>&1; $ENGINE rmi -af >/dev/null 2>&1; sync'
    fi
    $V pull -q $TV "$I" >/dev/null 2>&1; $P pull -q $TV "$I" >/dev/null 2>&1
    row "pull busybox (already present)" "$V pull -q $TV $I" "$P pull -q $TV $I"
    row "images" "$V images" "$P images"
    # issue 3's `images` target is at 30 images: 29 small imported ones beside busybox
    local imgdir i
    imgdir=$(mktemp -d)
    for i in $(seq 1 29); do
        echo "$i" >"$imgdir/file" && tar -C "$imgdir" -cf "$imgdir/layer.tar" file
        $V import -q "$imgdir/layer.tar" "bench-img-$i" >/dev/null 2>&1
        $P import -q "$imgdir/layer.tar" "bench-img-$i" >/dev/null 2>&1
    done
    row "images (30 images)" "$V images" "$P images"
    for i in $(seq 1 29); do $V rmi "bench-img-$i" >/dev/null 2>&1; $P rmi "bench-img-$i" >/dev/null 2>&1; done
    rm -rf "$imgdir"
    row "image inspect" "$V image inspect $I" "$P image inspect $I"
    row "run --rm true (--network none)" "$V run $UL --rm --network none $I true" "$P run $UL --rm --network none $I true"
    row "run --rm true (default bridge)" "$V run $UL --rm $I true" "$P run $UL --rm $I true"
    row "create" "$V create $UL --network none $I true" "$P create $UL --network none $I true"
    row "ps -a (after the creates)" "$V ps -a" "$P ps -a"
    row "start + wait (true)" "$V start -a bench-start" "$P start -a bench-start" \
        '$ENGINE rm -f bench-start >/dev/null 2>&1; $ENGINE create '"$UL"' --name bench-start --network none '"$I"' true >/dev/null'
    $V run $UL -d --name bench-exec --network none "$I" sleep 100000 >/dev/null 2>&1
    $P run $UL -d --name bench-exec --network none "$I" sleep 100000 >/dev/null 2>&1
    row "exec CTR true" "$V exec bench-exec true" "$P exec bench-exec true"
    row "container inspect" "$V container inspect bench-exec" "$P container inspect bench-exec"
    # a container that obeys SIGTERM at once: `sleep 0.1 & wait` (a trapped signal ends `wait` at once), where a
    # foreground `sleep 0.1` ran the trap only when the sleep ended, and the row measured the container's
    # remaining sleep more than either engine (bench/PROFILE.md, stop); the untimed `sleep 0.1` after `run -d`
    # makes sure the trap is installed before the signal comes (else the stop timeout runs out, 10 s)
    row "stop (SIGTERM obeyed)" "$V stop bench-stop" "$P stop bench-stop" \
        '$ENGINE rm -f bench-stop >/dev/null 2>&1; $ENGINE run '"$UL"' -d --name bench-stop --network none '"$I"' sh -c "trap \"exit 0\" TERM; while :; do sleep 0.1 & wait; done" >/dev/null; sleep 0.1'
    row "rm -f -t 0 (running)" "$V rm -f -t 0 bench-rm" "$P rm -f -t 0 bench-rm" \
        '$ENGINE run '"$UL"' -d --name bench-rm --network none '"$I"' sleep 100000 >/dev/null'
    # the RSS column of this row is the peak RSS of the process that starts a detached container
    row "run -d (time and peak RSS of the CLI process)" "$V run $UL -d --name bench-rund --network none $I sleep 100000" \
        "$P run $UL -d --name bench-rund --network none $I sleep 100000" '$ENGINE rm -f -t 0 bench-rund >/dev/null 2>&1 || true'
    # logs: a container that wrote 100k lines (k8s-file on both sides); the output goes to /dev/null
    $V run $UL --name bench-logs --network none "$I" seq 1 100000 >/dev/null 2>&1
    $P run $UL --name bench-logs --network none "$I" seq 1 100000 >/dev/null 2>&1
    row "logs (100k lines)" "$V logs bench-logs" "$P logs bench-logs"
    cp_commit_rows "$I" "$UL"
    $V rm -af -t 0 >/dev/null 2>&1; $P rm -af -t 0 >/dev/null 2>&1
    build_rows "$I"
    images_rows
    rootless_rows "$I" "$UL"
    floor_row
}

# The big image of the cold-pull row: 5 layers of 40 MiB of random bytes each (gzip cannot shrink them, so the
# compressed blobs are ~200 MB too), written as an OCI layout once (kept in BENCH_DIR) and copied to the fixture
# registry with skopeo whenever the registry does not have it (the fixture registry keeps it until `clean`).
BIG=bench-big:latest
push_big_image() {
    local dir=$BENCH_DIR/big-layout work=$BENCH_DIR/big-work i blob diff diffs=() layers=() cfg man
    if curl -fsS -o /dev/null -H 'Accept: application/vnd.oci.image.manifest.v1+json' \
        "http://$REG/v2/${BIG%:*}/manifests/${BIG#*:}" 2>/dev/null; then
        return 0
    fi
    command -v skopeo >/dev/null || { log "no skopeo: no big pull row"; return 1; }
    if [ ! -f "$dir/index.json" ]; then
        log "building the ~200 MB 5-layer image"
        rm -rf "$dir" "$work"; mkdir -p "$dir/blobs/sha256" "$work/root"
        for i in 1 2 3 4 5; do
            rm -f "$work/root"/*
            head -c $((40 << 20)) /dev/urandom >"$work/root/random-$i"
            tar -C "$work/root" --numeric-owner --owner=0 --group=0 -cf "$work/layer.tar" "random-$i"
            diff=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
            gzip -1 -n -c "$work/layer.tar" >"$work/layer.tar.gz"
            blob=$(sha256sum "$work/layer.tar.gz" | cut -d' ' -f1)
            mv "$work/layer.tar.gz" "$dir/blobs/sha256/$blob"
            diffs+=("sha256:$diff")
            layers+=("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$blob\",\"size\":$(stat -c %s "$dir/blobs/sha256/$blob")}")
        done
        cfg=$(jq -cn --args '{architecture: "amd64", os: "linux", created: "2022-10-18T00:00:00Z",
            config: {Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]},
            rootfs: {type: "layers", diff_ids: $ARGS.positional}}' "${diffs[@]}")
        printf '%s' "$cfg" >"$work/config"
        blob=$(sha256sum "$work/config" | cut -d' ' -f1); mv "$work/config" "$dir/blobs/sha256/$blob"
        man=$(printf '%s\n' "${layers[@]}" | jq -cs --arg c "sha256:$blob" --argjson s "${#cfg}" '{schemaVersion: 2,
            mediaType: "application/vnd.oci.image.manifest.v1+json",
            config: {mediaType: "application/vnd.oci.image.config.v1+json", digest: $c, size: $s}, layers: .}')
        printf '%s' "$man" >"$work/manifest"
        blob=$(sha256sum "$work/manifest" | cut -d' ' -f1); mv "$work/manifest" "$dir/blobs/sha256/$blob"
        printf '{"imageLayoutVersion":"1.0.0"}' >"$dir/oci-layout"
        jq -cn --arg d "sha256:$blob" --argjson s "${#man}" '{schemaVersion: 2, manifests: [{mediaType:
            "application/vnd.oci.image.manifest.v1+json", digest: $d, size: $s,
            annotations: {"org.opencontainers.image.ref.name": "latest"}}]}' >"$dir/index.json"
        rm -rf "$work"
    fi
    log "pushing $BIG to the fixture registry"
    skopeo copy -q --dest-tls-verify=false "oci:$dir:latest" "docker://$REG/$BIG" >&2 ||
        { log "skopeo copy failed: no big pull row"; return 1; }
}

# Rootless rows (issue 8): both engines as the unprivileged test user vaina-rl1 (made by
# tests/rootless/setup-users.sh), each with its own storage in the user's home and run dir.
# The ~200 MB image (2000 files of 100 KB and busybox-static, all root's) is imported from a
# tar before every timed run of the keep-id row, so each run is the first keep-id run on it.
rootless_rows() { # IMAGE ULIMIT_FLAGS
    local I=$1 UL=$2 user=vaina-rl1 setup=$HERE/../tests/rootless/setup-users.sh uid home as
    [ -n "${ONLY:-}" ] && [[ ! rootless =~ $ONLY ]] && return 0
    bash "$setup" >/dev/null 2>>"$BENCH_DIR/bench.log" || { log "rootless: setup-users.sh failed: no rootless rows"; return 0; }
    uid=$(id -u $user) home=$(getent passwd $user | cut -d: -f6)
    local dir=$BENCH_DIR/rootless
    install -d -m 0755 "$dir" "$dir/bin"
    install -m 0755 "$VAINA" "$dir/bin/vaina"
    if [ ! -f "$dir/big.tar" ]; then
        local tree=$dir/big-tree
        mkdir -p "$tree/bin" "$tree/etc" "$tree/tmp"
        cp "$(command -v busybox)" "$tree/bin/busybox"
        ln -sf busybox "$tree/bin/sh"; ln -sf busybox "$tree/bin/true"
        echo 'root:x:0:0:root:/root:/bin/sh' >"$tree/etc/passwd"; echo 'root:x:0:' >"$tree/etc/group"
        for d in 1 2 3 4 5; do
            mkdir -p "$tree/data/d$d"
            for f in $(seq 1 400); do head -c 100000 /dev/urandom >"$tree/data/d$d/f$f"; done
        done
        tar -C "$tree" -cf "$dir/big.tar" . && rm -rf "$tree"
        chmod 0644 "$dir/big.tar"
    fi
    as="runuser -u $user -- env CONTAINERS_CONF=/dev/null XDG_RUNTIME_DIR=/run/user/$uid HOME=$home USER=$user SHELL=/bin/sh"
    local saved_v=$V saved_p=$P
    V="$as $dir/bin/vaina --root $home/.bench-vaina --runroot /run/user/$uid/bench-vaina"
    P="$as podman --root $home/.bench-podman --runroot /run/user/$uid/bench-podman --runtime runc --cgroup-manager cgroupfs --events-backend file"
    $V pull -q --tls-verify=false "$I" >/dev/null 2>&1
    $P pull -q --tls-verify=false "$I" >/dev/null 2>&1
    row "rootless run --rm true" "$V run $UL --rm $I true" "$P run $UL --rm $I true"
    row "rootless first run --userns=keep-id (~200 MB image)" "$V run $UL --rm --userns=keep-id localhost/rl-big:latest true" \
        "$P run $UL --rm --userns=keep-id localhost/rl-big:latest true" \
        '$ENGINE rmi -f localhost/rl-big:latest >/dev/null 2>&1; $ENGINE import '"$dir/big.tar"' localhost/rl-big:latest >/dev/null 2>&1'
    $V rm -af -t 0 >/dev/null 2>&1; $P rm -af -t 0 >/dev/null 2>&1
    $V rmi -af >/dev/null 2>&1; $P rmi -af >/dev/null 2>&1
    V=$saved_v P=$saved_p
}

# cp of a 100 MB host tree (1000 files of 100 KiB in 10 dirs) into a running container, the copy removed
# before each round; commit of a stopped container whose rootfs has a 50 MB file (random bytes)
cp_commit_rows() {
    local I=$1 UL=$2 tree=$BENCH_DIR/cp-tree d f
    if [[ ! "cp 100 MB tree into a running container" =~ ${ONLY:-.} ]] && [[ ! "commit of a container with a 50 MB change" =~ ${ONLY:-.} ]]; then
        return 0
    fi
    if [ ! -f "$tree/d9/f99" ]; then
        rm -rf "$tree"
        for d in $(seq 0 9); do
            mkdir -p "$tree/d$d"
            for f in $(seq 0 99); do head -c 102400 /dev/urandom >"$tree/d$d/f$f"; done
        done
    fi
    $V run $UL -d --name bench-cp --network none "$I" sleep 100000 >/dev/null 2>&1
    $P run $UL -d --name bench-cp --network none "$I" sleep 100000 >/dev/null 2>&1
    row "cp 100 MB tree into a running container" "$V cp $tree bench-cp:/tree" "$P cp $tree bench-cp:/tree" \
        '$ENGINE exec bench-cp rm -rf /tree'
    $V run $UL --name bench-commit --network none "$I" dd if=/dev/urandom of=/big bs=1M count=50 >/dev/null 2>&1
    $P run $UL --name bench-commit --network none "$I" dd if=/dev/urandom of=/big bs=1M count=50 >/dev/null 2>&1
    row "commit of a container with a 50 MB change" "$V commit -q bench-commit localhost/bench-commit" \
        "$P commit -q bench-commit localhost/bench-commit" '$ENGINE rmi -f localhost/bench-commit >/dev/null 2>&1 || true'
    $V rm -f -t 0 bench-cp bench-commit >/dev/null 2>&1; $P rm -f -t 0 bench-cp bench-commit >/dev/null 2>&1
    $V rmi -f localhost/bench-commit >/dev/null 2>&1; $P rmi -f localhost/bench-commit >/dev/null 2>&1
}

# `build`, cold and fully cached, once vaina has the command (a 6-step Containerfile on the fixture busybox)
build_rows() {
    local I=$1 ctx=$BENCH_DIR/build-context TV=--tls-verify=false
    # (an unknown command with --help prints the root help and exits 0: look for build's own help)
    if ! $V build --help 2>/dev/null | grep -qi containerfile; then
        log "vaina has no build command yet: no build rows"
        return 0
    fi
    mkdir -p "$ctx"
    printf 'hello\n' >"$ctx/hello.txt"
    printf '%s\n' "FROM $I" 'ENV BENCH=1' 'RUN echo one > /one' 'COPY hello.txt /hello.txt' \
        'RUN cat /hello.txt /one > /both' 'WORKDIR /srv' 'CMD ["cat", "/both"]' >"$ctx/Containerfile"
    row "build 6 steps (cold: no cache)" "$V build $TV --no-cache -q -t bench-build $ctx" "$P build $TV --no-cache -q -t bench-build $ctx"
    row "build 6 steps (fully cached)" "$V build $TV -q -t bench-build $ctx" "$P build $TV -q -t bench-build $ctx"
    $V rmi -f bench-build >/dev/null 2>&1; $P rmi -f bench-build >/dev/null 2>&1
}

# `images` with 30 distinct images (each the `import` of its own small tarball), removed afterwards
images_rows() {
    local dir=$BENCH_DIR/import k
    mkdir -p "$dir/root"
    for ((k = 1; k <= 30; k++)); do
        echo "$k" >"$dir/root/n"
        tar -C "$dir/root" -cf "$dir/img-$k.tar" n
        $V import -q "$dir/img-$k.tar" "localhost/bench-import:$k" >/dev/null 2>&1
        $P import -q "$dir/img-$k.tar" "localhost/bench-import:$k" >/dev/null 2>&1
    done
    row "images (31 images: 30 imported + busybox)" "$V images" "$P images"
    for ((k = 1; k <= 30; k++)); do
        $V rmi -f "localhost/bench-import:$k" >/dev/null 2>&1; $P rmi -f "localhost/bench-import:$k" >/dev/null 2>&1
    done
}

# The floor: runc itself running `true` from a prepared bundle (busybox-static as the rootfs, the default
# `runc spec`: new namespaces including an empty network namespace), no engine and no conmon.
FLOOR=
floor_row() {
    local b=$BENCH_DIR/floor-bundle runc_root=$BENCH_DIR/floor-runc busybox ft r t
    [ -n "${ONLY:-}" ] && [[ ! floor =~ $ONLY ]] && return 0
    busybox=$(command -v busybox || true)
    if [ -z "$busybox" ] || ! command -v runc >/dev/null; then
        log "no busybox or runc: no floor row"
        return 0
    fi
    rm -rf "$b"; mkdir -p "$b/rootfs/bin" "$runc_root"
    cp "$busybox" "$b/rootfs/bin/busybox" && ln -s busybox "$b/rootfs/bin/true"
    (cd "$b" && runc spec) || return 0
    jq '.process.args = ["/bin/true"] | .process.terminal = false' "$b/config.json" >"$b/config.json.new" &&
        mv "$b/config.json.new" "$b/config.json"
    log "row: floor (runc run, $ROUNDS rounds)"
    ft=$(mktemp)
    runc --root "$runc_root" run --bundle "$b" bench-floor >/dev/null 2>&1
    for ((r = 0; r < ROUNDS; r++)); do
        t=$(time_once "" "" "runc --root $runc_root run --bundle $b bench-floor")
        [ -n "$t" ] && echo "$t" >>"$ft"
    done
    FLOOR=$(stats "$ft" || true)
    rm -f "$ft"
}

# ---------------------------------------------------------------------------------------
# scaling: ps -a, images and run --rm as the stores grow. Containers are made by `create`; the images are
# N tags of busybox, so `images` prints N+1 rows. Medians go to scaling.dat and the plot beside RESULTS.md.

scaling() {
    [ -n "$REG" ] || return 0
    # ONLY measures single rows: the scaling rows (and scaling.dat) only when it matches "scaling"
    [ -n "${ONLY:-}" ] && [[ ! scaling =~ $ONLY ]] && return 0
    local I=$REG/busybox:latest UL="--ulimit nofile=$(ulimit -Hn):$(ulimit -Hn) --ulimit nproc=4096:4096"
    local n have=0 k dat=$OUT_DIR/scaling.dat line
    $V rm -af -t 0 >/dev/null 2>&1; $P rm -af -t 0 >/dev/null 2>&1
    echo "# store_size vaina_ps podman_ps vaina_images podman_images vaina_run podman_run (median ms)" >"$dat.tmp"
    for n in $SCALE; do
        log "scaling: growing both stores to $n containers and $n image tags"
        for ((k = have + 1; k <= n; k++)); do
            $V create $UL --network none --name "bench-scale-$k" "$I" true >/dev/null 2>&1
            $P create $UL --network none --name "bench-scale-$k" "$I" true >/dev/null 2>&1
            $V tag "$I" "localhost/bench-scale:$k" >/dev/null 2>&1
            $P tag "$I" "localhost/bench-scale:$k" >/dev/null 2>&1
        done
        have=$n
        line=$n
        ROW_ROUNDS=$SCALE_ROUNDS row "ps -a ($n containers)" "$V ps -a" "$P ps -a"
        line+=" $LAST_V $LAST_P"
        ROW_ROUNDS=$SCALE_ROUNDS row "images ($n tags of one image)" "$V images" "$P images"
        line+=" $LAST_V $LAST_P"
        ROW_ROUNDS=$SCALE_ROUNDS row "run --rm true, none ($n containers in the store)" \
            "$V run $UL --rm --network none $I true" "$P run $UL --rm --network none $I true"
        line+=" $LAST_V $LAST_P"
        echo "$line" >>"$dat.tmp"
    done
    mv "$dat.tmp" "$dat"
    log "scaling: removing the containers and tags"
    # the scaling rows come last, so the stores are simply emptied (untagging 1000 names takes minutes)
    $V rm -af -t 0 >/dev/null 2>&1; $P rm -af -t 0 >/dev/null 2>&1
    $V rmi -af >/dev/null 2>&1; $P rmi -af >/dev/null 2>&1
    plot "$dat"
}

plot() { # scaling.dat -> scaling.png and scaling.svg next to RESULTS.md
    command -v gnuplot >/dev/null || { log "no gnuplot: no plot"; return 0; }
    local dat=$1 ext term
    for ext in png svg; do
        if [ $ext = png ]; then term="png size 1200,420"; else term="svg size 1200,420 dynamic"; fi
        gnuplot 2>>"$BENCH_DIR/bench.log" <<EOF || log "gnuplot failed ($ext)"
set terminal $term
set output "$OUT_DIR/scaling.$ext"
set multiplot layout 1,3 title "vaina vs podman 4.3.1: median wall time as the store grows (bench/run.sh)"
set logscale x
set xlabel "containers and image tags in the store"
set ylabel "median ms"
set key top left
set grid
set yrange [0:*]
set title "ps -a"
plot "$dat" using 1:2 with linespoints title "vaina", "" using 1:3 with linespoints title "podman"
set title "images"
plot "$dat" using 1:4 with linespoints title "vaina", "" using 1:5 with linespoints title "podman"
set title "run --rm --network none true"
plot "$dat" using 1:6 with linespoints title "vaina", "" using 1:7 with linespoints title "podman"
unset multiplot
EOF
    done
}

# ---------------------------------------------------------------------------------------
# report

first_line() { "$@" 2>/dev/null | head -n1 || true; }

write_results() {
    local tmp=$RESULTS.tmp mem
    mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
    {
        echo "# vaina vs podman: benchmark results"
        echo
        echo "Written by \`bench/run.sh$([ $QUICK = 1 ] && echo ' --quick')\` on $(date -u '+%Y-%m-%d %H:%M:%S UTC')."
        echo
        echo "- machine: $(nproc) CPUs ($(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)), $mem RAM, kernel $(uname -r)"
        echo "- vaina: \`$VAINA\` $(first_line $VAINA version | tr -s ' ')"
        echo "- podman: $(first_line podman --version); runc: $(first_line runc --version)"
        echo "- hyperfine: $(first_line hyperfine --version)"
        echo "- vaina command: \`$V\`"
        echo "- podman command: \`$P\`"
        echo "- $ROUNDS timed rounds per row after one warm-up round; each round runs each engine once, the order alternating every round; peak RSS is the median of $RSS_RUNS separate runs under \`/usr/bin/time -f %M\`"
        echo
        echo "| scenario | vaina median ms | vaina min | vaina max | podman median ms | podman min | podman max | vaina/podman | vaina RSS MiB | podman RSS MiB | notes |"
        echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
        printf '%s\n' "${ROWS[@]}"
        if [ -n "$FLOOR" ]; then
            echo
            # shellcheck disable=SC2086
            set -- $FLOOR
            echo "Floor: \`runc run\` of a prepared bundle (busybox \`true\`, no engine, no conmon): median $1 ms, min $2, max $3 ($ROUNDS runs)."
        fi
        if [ -f "$OUT_DIR/scaling.dat" ]; then
            echo
            echo "Scaling (the \`(N containers)\` / \`(N tags)\` rows above, $SCALE_ROUNDS rounds each): [scaling.png](scaling.png) ([svg](scaling.svg)), data in [scaling.dat](scaling.dat)."
            [ -f "$HERE/scaling.png" ] && { echo; echo "![scaling](scaling.png)"; }
        fi
        echo
        echo "Load average (1, 5, 15 min) at the start: $LOAD_START; at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
        [ -f "$HERE/PROFILE.md" ] && { echo; echo "Where the time goes, per command, and what was changed for it: [PROFILE.md](PROFILE.md)."; }
        if [ -n "${NOTE:-}" ]; then echo; echo "$NOTE"; fi
    } >"$tmp" && mv "$tmp" "$RESULTS"
    log "wrote $RESULTS"
}

main() {
    if [ "$(id -u)" -ne 0 ]; then log "run as root (podman and vaina rootful storage)"; return 0; fi
    if ! ensure_tools; then log "missing tools: nothing measured"; return 0; fi
    if [ ! -x "$VAINA" ]; then log "$VAINA not found (set VAINA=...): nothing measured"; return 0; fi
    setup_engines
    case $("$VAINA" version 2>&1) in
        *[Vv]aina*) ;;
        *) NOTE="Note: \`$VAINA\` does not print a vaina version: it is a stand-in, so the vaina columns measure nothing real." ;;
    esac
    : >"$BENCH_DIR/bench.log"
    LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
    rows
    scaling
    write_results
}

main "$@" || true
exit 0
