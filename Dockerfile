# Multi-stage: build with the SDK, run on the ASP.NET runtime. The demo upstream (TestUpstream) is included so the
# shipped connectors.yaml works as is.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
# The gateway is published ReadyToRun (precompiled, see PublishReadyToRun in its csproj), so a container that was just
# started does not JIT-compile its first calls; the build before it checks the whole solution (tests included).
RUN dotnet build McpGateway.sln -c Release -warnaserror --disable-build-servers \
 && dotnet publish src/McpGateway/McpGateway.csproj -c Release --use-current-runtime --self-contained false \
      -o /out/gateway --disable-build-servers

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /out/gateway/ /app/gateway/
COPY --from=build /src/tests/TestUpstream/bin/Release/net10.0/ /app/tests/TestUpstream/bin/Debug/net10.0/
COPY connectors.yaml /app/connectors.yaml
COPY flows/ /app/flows/
# Inside a container the gateway must listen beyond loopback, so every request needs an API key (auth: keys; serve
# refuses auth: none on such an address unless gateway.allow_unauthenticated_remote says so). Create keys with
#   docker run --rm -v mcpgw-data:/app/data mcpgw keys create --config /app/connectors.yaml --name ... --scopes ...
# and publish the port only where you mean to. The build fails if the shipped file stops matching these edits.
RUN sed -i -e 's#^  listen: http://127.0.0.1:8080$#  listen: http://0.0.0.0:8080#' -e 's#^  auth: none$#  auth: keys#' /app/connectors.yaml \
 && grep -q '^  listen: http://0.0.0.0:8080$' /app/connectors.yaml && grep -q '^  auth: keys$' /app/connectors.yaml
EXPOSE 8080
# Ready = the store answers and the gateway is not stopping (/readyz, no key needed); the image has no curl, so the
# gateway's own CLI asks.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["dotnet", "/app/gateway/mcpgw.dll", "health", "--url", "http://127.0.0.1:8080"]
# data/ holds the stores, the API keys and master.key (0600): keep it on a volume, or set MCPGW_MASTER_KEY.
VOLUME /app/data
ENTRYPOINT ["dotnet", "/app/gateway/mcpgw.dll"]
CMD ["serve", "--config", "/app/connectors.yaml"]
