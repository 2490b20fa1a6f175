#!/usr/bin/env bash
# test.sh - the whole test suite, from a fresh Debian 12 machine (run as root): installs the Debian
# packages the tests need, starts the project's own fixture registry (tests/fixtures/registry.sh),
# builds everything, publishes the NativeAOT `vaina` that the CLI tests run, then runs every test
# project one after another and prints one closing line "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-deps.sh --test
tests/fixtures/registry.sh start

dotnet build vaina.slnx -c Release -nologo -clp:ErrorsOnly
dotnet format whitespace vaina.slnx --verify-no-changes
dotnet publish src/Vaina.Cli -c Release -nologo -clp:ErrorsOnly -o out/bin
export VAINA_BINARY=$PWD/out/bin/vaina

pass=0 fail=0 skip=0 status=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for project in tests/*/*.csproj; do
    echo "== $(basename "$project" .csproj)"
    if [ "$(basename "$project")" = Vaina.Vm.Tests.csproj ]; then
        # The cgroup v2 / systemd guest: ~15 min under TCG where /dev/kvm cannot boot it (PVM hosts such as CI).
        echo "not run here: the qemu cgroup v2 guest tests are their own command, scripts/vm/test.sh"
        continue
    fi
    if ! dotnet test "$project" -c Release --no-build -nologo --blame-hang-timeout 5m 2>&1 | tee "$log"; then
        status=1
    fi
    # VSTest's summary: "Passed!  - Failed:     0, Passed:    57, Skipped:     0, Total:    57, ..."
    line=$(grep -E '(Passed|Failed)!  - Failed:' "$log" | tail -n 1 || true)
    if [ -z "$line" ]; then
        echo "test.sh: no test summary from $project" >&2
        status=1
        continue
    fi
    f=$(sed -E 's/.*Failed: *([0-9]+).*/\1/' <<<"$line")
    p=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$line")
    s=$(sed -E 's/.*Skipped: *([0-9]+).*/\1/' <<<"$line")
    pass=$((pass + p)) fail=$((fail + f)) skip=$((skip + s))
done

echo "$pass passed, $fail failed, $skip skipped"
[ "$status" -eq 0 ] && [ "$fail" -eq 0 ]
