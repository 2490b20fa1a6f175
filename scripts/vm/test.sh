#!/usr/bin/env bash
# test.sh - the cgroup v2 / systemd / rootless-delegation tests (tests/Vaina.Vm.Tests) in one command, as root:
# installs qemu-system-x86 and debootstrap when missing, publishes the NativeAOT vaina unless VAINA_BINARY is
# set, and runs the test project, which boots the Debian 12 guest once (scripts/vm/run.sh). Not part of
# scripts/test.sh: without hardware KVM the guest runs under TCG and the whole run takes ~15 min cold
# (see docs/ARCHITECTURE.md, "Testing on cgroup v2"). VAINA_VM_REUSE_SHARE=DIR asserts on the steps of an earlier
# `scripts/vm/run.sh DIR` instead of booting (while developing; a sections file there limits what ran).
set -euo pipefail
cd "$(dirname "$0")/../.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

scripts/install-deps.sh --vm

if [ -z "${VAINA_BINARY:-}" ]; then
    dotnet publish src/Vaina.Cli -c Release -nologo -clp:ErrorsOnly -o out/bin
    export VAINA_BINARY=$PWD/out/bin/vaina
fi
VAINA_VM_TESTS=1 dotnet test tests/Vaina.Vm.Tests/Vaina.Vm.Tests.csproj -c Release -nologo
