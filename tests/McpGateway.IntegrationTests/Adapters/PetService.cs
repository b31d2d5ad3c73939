using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace McpGateway.IntegrationTests.Adapters;

/// <summary>
/// The REST API that Specs/pets.yaml describes, on Kestrel at 127.0.0.1:0: it records each request's authentication
/// (header and query) so a test can see what arrived, and refuses a request without the expected credential.
/// </summary>
internal sealed class PetService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<long, JsonObject> _pets = new();
    private long _nextId;

    private PetService(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request: method, path, Authorization header and the API key (query <c>api_key</c> or header <c>X-Api-Key</c>).</summary>
    public ConcurrentQueue<(string Method, string Path, string? Authorization, string? ApiKey)> Requests { get; } = new();

    /// <summary>Requests to /slow that ended because the caller went away.</summary>
    public int SlowCancelled => _slowCancelled;

    private int _slowCancelled;

    public static async Task<PetService> StartAsync(string token, string apiKey)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var service = new PetService(app);
        service.Map(app, token, apiKey);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        service.BaseUrl = new Uri(address);
        return service;
    }

    private void Map(WebApplication app, string token, string apiKey)
    {
        app.Use(async (context, next) =>
        {
            var authorization = context.Request.Headers.Authorization.ToString();
            var key = context.Request.Query["api_key"].ToString() is { Length: > 0 } inQuery ? inQuery : context.Request.Headers["X-Api-Key"].ToString();
            Requests.Enqueue((context.Request.Method, context.Request.Path, authorization.Length == 0 ? null : authorization, key.Length == 0 ? null : key));
            // The spec itself is public, as many APIs serve theirs.
            if (authorization != "Bearer " + token && key != apiKey && context.Request.Path != "/openapi.yaml")
            {
                context.Response.StatusCode = 401;
                await context.Response.WriteAsJsonAsync(new JsonObject { ["error"] = "no valid credential" });
                return;
            }

            await next(context);
        });
        app.MapGet("/openapi.yaml", () => Results.Text(File.ReadAllText(OpenApiConnectorTests.Spec("pets.yaml")), "application/yaml"));
        app.MapGet("/pets", (string? tag) => Results.Json(new JsonArray(_pets.Values.Where(p => tag is null || p["tag"]?.ToString() == tag).Select(p => (JsonNode)p.DeepClone()).ToArray())));
        app.MapPost("/pets", (JsonObject pet) =>
        {
            var id = Interlocked.Increment(ref _nextId);
            var stored = new JsonObject { ["id"] = id, ["name"] = pet["name"]?.DeepClone(), ["tag"] = pet["tag"]?.DeepClone() };
            _pets[id] = stored;
            return Results.Json(stored, statusCode: 201);
        });
        app.MapGet("/pets/{petId:long}", (long petId) => _pets.TryGetValue(petId, out var pet)
            ? Results.Json(pet)
            : Results.Json(new JsonObject { ["error"] = $"no pet {petId}" }, statusCode: 404));

        // Echoes the credential in its refusal, as careless APIs do: the gateway must not pass it on.
        app.MapDelete("/pets/{petId:long}", (long petId, HttpRequest request) =>
            Results.Json(new JsonObject { ["error"] = "pets cannot be deleted", ["you_sent"] = request.Headers.Authorization.ToString() }, statusCode: (int)HttpStatusCode.Forbidden));
        app.MapGet("/slow", async (CancellationToken ct) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, ct);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _slowCancelled);
            }

            return Results.Ok();
        });
        app.MapGet("/whoami", (HttpRequest request) => Results.Json(new JsonObject
        {
            ["authorized"] = true,
            ["tag"] = request.Headers["X-Request-Tag"].ToString(),
        }));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
