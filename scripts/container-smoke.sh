#!/usr/bin/env bash
# Builds the shipped Dockerfile and checks that the image serves, on a machine without Docker Hub or MCR access
# (only Debian and NuGet reachable), as root: podman/buildah from Debian, the two base images rebuilt locally from
# Debian 12 minbase plus this machine's .NET 10 install and tagged with the official names, the build and the run in
# chroot isolation (this VM refuses the OCI runtimes' rlimit and cgroup setup). Not part of CI.
#
#   sudo scripts/container-smoke.sh            # prints the gateway's status and one tool call from the container
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="${WORK:-/var/tmp/mcpgw-container}"
port="${PORT:-18089}"
dotnet_root="$(dirname "$(readlink -f "$(command -v dotnet)")")"

DEBIAN_FRONTEND=noninteractive apt-get install -y -q podman buildah debootstrap >/dev/null
mkdir -p "$work"
if ! podman image exists localhost/bookworm-min:local; then
  rm -rf "$work/rootfs"
  debootstrap --variant=minbase --include=ca-certificates,libicu72,libssl3,tzdata,zlib1g,libstdc++6,libgcc-s1 \
    bookworm "$work/rootfs" http://deb.debian.org/debian >/dev/null
  rm -rf "$work/rootfs/var/cache/apt/archives/"*.deb "$work/rootfs/var/lib/apt/lists/"*
  tar -C "$work/rootfs" -c . | podman import - localhost/bookworm-min:local >/dev/null
fi

# The stand-ins trust the CAs this machine trusts (a sandbox egress proxy may sit in front of NuGet).
stand_in() { # name, dotnet parts...
  local dir="$work/$1"; shift
  rm -rf "$dir" && mkdir -p "$dir/dotnet" "$dir/ca"
  for part in "$@"; do cp -a "$dotnet_root/$part" "$dir/dotnet/"; done
  cp /usr/local/share/ca-certificates/*.crt "$dir/ca/" 2>/dev/null || true
  cat > "$dir/Containerfile" <<'EOS'
FROM localhost/bookworm-min:local
COPY dotnet /usr/share/dotnet
COPY ca/ /usr/local/share/ca-certificates/
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet && update-ca-certificates >/dev/null
ENV DOTNET_RUNNING_IN_CONTAINER=true DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 NUGET_CERT_REVOCATION_MODE=offline
EOS
  echo "$dir"
}
podman build -q --isolation=chroot --pull=never -t mcr.microsoft.com/dotnet/sdk:10.0 \
  "$(stand_in sdk $(ls "$dotnet_root"))" >/dev/null
podman build -q --isolation=chroot --pull=never -t mcr.microsoft.com/dotnet/aspnet:10.0 \
  "$(stand_in aspnet dotnet host shared)" >/dev/null

podman build -q --isolation=chroot --pull=never -t mcpgw:local "$repo" >/dev/null
echo "built mcpgw:local from $repo/Dockerfile"

ctr="$(buildah from localhost/mcpgw:local)"
log="$work/serve.log"
# The image's config asks for API keys: create one (printed first, on stdout) and serve in the same run, so the key is in
# the store that serves. The image's command, plus --listen: chroot isolation shares the host's network, so stay on loopback.
buildah run --isolation chroot --workingdir /app "$ctr" -- sh -c \
  "dotnet /app/gateway/mcpgw.dll keys create --config /app/connectors.yaml --name smoke --agent smoke --scopes tools:call,tools:read &&
   exec dotnet /app/gateway/mcpgw.dll serve --config /app/connectors.yaml --listen http://127.0.0.1:$port" >"$log" 2>&1 &
serve=$!
cleanup() { pkill -f "mcpgw.dll serve --config /app/connectors.yaml --listen http://127.0.0.1:$port" || true; wait "$serve" 2>/dev/null || true; buildah rm "$ctr" >/dev/null; }
trap cleanup EXIT
for _ in $(seq 60); do grep -q "Connector demo connected" "$log" 2>/dev/null && break; sleep 1; done
key="$(grep -m1 '^mcpgw_' "$log")"

hdr=(-H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H "Authorization: Bearer $key")
sid="$(curl -s -D - -o /dev/null "${hdr[@]}" "http://127.0.0.1:$port/mcp" -d \
  '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"smoke","version":"1"}}}' \
  | awk 'tolower($1)=="mcp-session-id:"{print $2}' | tr -d '\r')"
curl -s "${hdr[@]}" -H "Mcp-Session-Id: $sid" "http://127.0.0.1:$port/mcp" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
curl -s -H "Authorization: Bearer $key" "http://127.0.0.1:$port/v1/status" | head -c 400; echo
curl -s "${hdr[@]}" -H "Mcp-Session-Id: $sid" "http://127.0.0.1:$port/mcp" -d \
  '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"demo__echo","arguments":{"text":"hello from the container"}}}' | grep '^data:'
