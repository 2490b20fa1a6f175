#!/usr/bin/env bash
# install.sh - install vaina on a Debian 12 machine (as root) and run a first container, offline.
# 1. Debian packages vaina runs with (runc, crun, conmon, netavark, ...).
# 2. Build the NativeAOT `vaina` and install it as /usr/local/bin/vaina (PREFIX overrides /usr/local).
# 3. A first image made from the host's busybox-static (no registry needed), and a first container.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
PREFIX=${PREFIX:-/usr/local}

scripts/install-deps.sh
dotnet publish src/Vaina.Cli -c Release -nologo -clp:ErrorsOnly -o out/bin
install -D -m 0755 out/bin/vaina "$PREFIX/bin/vaina"
echo "installed $PREFIX/bin/vaina: $("$PREFIX/bin/vaina" --version)"

"$PREFIX/bin/vaina" info
