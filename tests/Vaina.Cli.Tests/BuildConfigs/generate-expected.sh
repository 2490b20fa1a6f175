#!/bin/bash
# Builds every case of this folder with Podman (its own store under /tmp) and records the parts of the image
# that `vaina build` must reproduce as CASE.expected.json (the docker-format config: Env, Cmd, Entrypoint,
# WorkingDir, User, ExposedPorts, Volumes, StopSignal, Healthcheck, OnBuild, Labels without io.buildah.version,
# and the history; a "FROM <id of the previous step's image>" comment is recorded as "FROM <previous step>"). Run once by hand where podman is installed (Podman
# 4.3.1 made the committed files); the tests only read the results and never need podman.
# Needs the fixture registry: tests/fixtures/registry.sh start.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
store=$(mktemp -d /tmp/vaina-buildcfg-XXXXXX)
trap 'podman --root "$store/root" --runroot "$store/run" system reset -f >/dev/null 2>&1 || true; rm -rf "$store"' EXIT
podman=(podman --root "$store/root" --runroot "$store/run" --runtime runc)
for dir in "$here"/*/; do
    name=$(basename "$dir")
    args=()
    [[ -f "$dir/build-args" ]] && while read -r a; do args+=(--build-arg "$a"); done < "$dir/build-args"
    "${podman[@]}" build -q --tls-verify=false --format docker "${args[@]}" -t "cfg-$name" "$dir" >/dev/null
    "${podman[@]}" save -q -o "$store/$name.tar" "cfg-$name"
    config=$(tar -xOf "$store/$name.tar" manifest.json | jq -r '.[0].Config')
    tar -xOf "$store/$name.tar" "$config" | jq -S '{
        config: (.config | {Env, Cmd, Entrypoint, WorkingDir, User, ExposedPorts, Volumes, StopSignal, Healthcheck, OnBuild,
                 Labels: ((.Labels // {}) | del(."io.buildah.version"))}),
        history: [.history[] | {created_by, empty_layer: (.empty_layer // false),
                  comment: (.comment // null | if . == null then . else sub("^FROM [0-9a-f]{12}$"; "FROM <previous step>") end)}]
    }' > "$here/$name.expected.json"
    echo "$name.expected.json"
done
