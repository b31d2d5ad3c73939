#!/usr/bin/env bash
# Makes the release artifacts into artifacts/ (see README, "Install"):
#   mcpgw.<v>.nupkg, mcpgw.linux-x64.<v>.nupkg, mcpgw.any.<v>.nupkg
#       the .NET tool (`dotnet tool install -g mcpgw --add-source artifacts`). The first is the package users name; it
#       points the SDK at the second on linux-x64 (ReadyToRun: precompiled, so commands start without JIT-compiling
#       the host) and at the third anywhere else (portable IL: ReadyToRun needs a runtime identifier, so a portable
#       package cannot carry it). Both need the .NET 10 runtime.
#   mcpgw-<v>-linux-x64
#       one self-contained file (runtime, ReadyToRun code, native SQLite and the dashboard inside): no .NET needed.
# The version is Directory.Build.targets' <Version>, the one --version, `mcpgw status` and /v1/status say.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts}"
version="$(dotnet msbuild src/McpGateway -getProperty:Version -nologo)"
rm -rf "$out"
mkdir -p "$out"

dotnet pack src/McpGateway -c Release -o "$out" -nologo -p:RuntimeIdentifiers='"linux-x64;any"'

dotnet publish src/McpGateway -c Release -r linux-x64 --self-contained -nologo -o "$out/publish-linux-x64" \
  -p:PublishSingleFile=true -p:IncludeNativeLibrariesForSelfExtract=true -p:DebugType=none
cp "$out/publish-linux-x64/mcpgw" "$out/mcpgw-$version-linux-x64"
rm -rf "$out/publish-linux-x64"

test "$("$out/mcpgw-$version-linux-x64" --version)" = "$version"
ls -l "$out"
