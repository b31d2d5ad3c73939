using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using McpGateway.Connectors.Sealing;
using Microsoft.Extensions.Logging;

namespace McpGateway.Connectors.Connections;

/// <summary>
/// Refreshes OAUTH2 connections' access tokens before they expire (RFC 6749 §6: <c>grant_type=refresh_token</c> at the
/// connection's <c>token_url</c>, the client authenticated with HTTP Basic when it has a secret). A connection is due when
/// its token has less than <see cref="Ahead"/> left, or less than half the time it was set for. One process refreshes each
/// connection (a claim in the store, since a refresh token may be good for one use only) and writes the new value only
/// while it holds the claim, so a value an operator set meanwhile wins. Errors name the server's error code or HTTP
/// status, never a token.
/// </summary>
public sealed partial class OAuthRefresher(IConnectionStore store, SecretCipher cipher, TimeProvider time, ILogger<OAuthRefresher> logger) : IDisposable
{
    /// <summary>How long before expiry a token is refreshed, at most.</summary>
    public static readonly TimeSpan Ahead = TimeSpan.FromMinutes(5);

    /// <summary>How long one process holds a refresh before another may try.</summary>
    public static readonly TimeSpan ClaimFor = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http = new() { Timeout = RequestTimeout };

    /// <summary>True when <paramref name="record"/> is an OAUTH2 connection that can be refreshed and should be now.</summary>
    public static bool IsDue(ConnectionRecord record, DateTimeOffset now) =>
        record.Type == ConnectionTypes.OAuth2 && record.ExpiresAt is { } expires &&
        record.FieldNames.Contains("refresh_token", StringComparer.Ordinal) && record.FieldNames.Contains("token_url", StringComparer.Ordinal) &&
        expires - now <= Min(Ahead, (expires - record.UpdatedAt) / 2);

    /// <summary>Refreshes every due connection this process can claim; returns the names refreshed.</summary>
    public async Task<IReadOnlyList<string>> RefreshDueAsync(string instance, CancellationToken cancellationToken)
    {
        var refreshed = new List<string>();
        foreach (var record in await store.ListAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (!IsDue(record, now) || !await store.TryClaimRefreshAsync(record.Name, record.UpdatedAt, instance, now + ClaimFor, now, cancellationToken))
            {
                continue;
            }

            var error = await RefreshAsync(record, instance, cancellationToken);
            if (error is null)
            {
                refreshed.Add(record.Name);
                Log.Refreshed(logger, record.Name);
            }
            else
            {
                await store.SetRefreshErrorAsync(record.Name, error, cancellationToken);
                Log.RefreshFailed(logger, record.Name, error);
            }
        }

        return refreshed;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    /// <summary>One refresh under the claim: null when the new value is stored, else why not.</summary>
    private async Task<string?> RefreshAsync(ConnectionRecord record, string instance, CancellationToken cancellationToken)
    {
        Dictionary<string, string> fields;
        try
        {
            fields = ConnectionVault.Open(record, cipher, $"connection '{record.Name}'");
        }
        catch (InvalidOperationException ex)
        {
            return ex.Message;
        }

        JsonObject? answer;
        try
        {
            using var request = TokenRequest(fields);
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            answer = TryParse(body);
            if (!response.IsSuccessStatusCode)
            {
                var code = answer?["error"] is JsonValue e && e.GetValueKind() == JsonValueKind.String ? e.GetValue<string>() + " " : "";
                return $"{code}(HTTP {(int)response.StatusCode} from the token endpoint)";
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return $"the token endpoint did not answer: {ex.GetType().Name}";
        }

        if (answer?["access_token"] is not JsonValue token || token.GetValueKind() != JsonValueKind.String || token.GetValue<string>().Length == 0)
        {
            return "the token endpoint's answer has no access_token";
        }

        var now = time.GetUtcNow();
        fields["access_token"] = token.GetValue<string>();
        foreach (var name in (string[])["refresh_token", "token_type", "scope"])
        {
            if (answer[name] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().Length > 0)
            {
                fields[name] = v.GetValue<string>();
            }
        }

        if (answer["expires_in"] is JsonValue lifetime && lifetime.GetValueKind() == JsonValueKind.Number && lifetime.GetValue<double>() > 0)
        {
            fields["expires_at"] = (now + TimeSpan.FromSeconds(lifetime.GetValue<double>())).ToString("O", CultureInfo.InvariantCulture);
        }
        else
        {
            fields.Remove("expires_at"); // no lifetime given: the token is taken not to expire, and no refresh is planned
        }

        var plaintext = JsonSerializer.SerializeToUtf8Bytes(fields, ConnectionsJsonContext.Default.DictionaryStringString);
        var refreshed = record with
        {
            FieldNames = fields.Keys.Order(StringComparer.Ordinal).ToList(),
            Sealed = cipher.Seal(record.Name, plaintext),
            UpdatedAt = now,
            ExpiresAt = ConnectionVault.ExpiresAt(record.Type, fields),
        };
        System.Security.Cryptography.CryptographicOperations.ZeroMemory(plaintext);
        return await store.TryCompleteRefreshAsync(refreshed, instance, cancellationToken)
            ? null
            : "the connection was changed while it was being refreshed; the new value stands";
    }

    private static HttpRequestMessage TokenRequest(Dictionary<string, string> fields)
    {
        var form = new List<KeyValuePair<string, string>> { new("grant_type", "refresh_token"), new("refresh_token", fields["refresh_token"]) };
        var request = new HttpRequestMessage(HttpMethod.Post, fields["token_url"]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (fields.TryGetValue("client_id", out var clientId))
        {
            if (fields.TryGetValue("client_secret", out var secret))
            {
                // RFC 6749 §2.3.1: both parts form-encoded, then Basic.
                var pair = Uri.EscapeDataString(clientId) + ":" + Uri.EscapeDataString(secret);
                request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
            }
            else
            {
                form.Add(new("client_id", clientId));
            }
        }

        request.Content = new FormUrlEncodedContent(form);
        return request;
    }

    private static JsonObject? TryParse(string body)
    {
        try
        {
            return JsonNode.Parse(body) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Connection {Connection}: access token refreshed")]
        public static partial void Refreshed(ILogger logger, string connection);

        [LoggerMessage(2, LogLevel.Warning, "Connection {Connection}: access token refresh failed: {Error}; trying again in a minute")]
        public static partial void RefreshFailed(ILogger logger, string connection, string error);
    }
}
