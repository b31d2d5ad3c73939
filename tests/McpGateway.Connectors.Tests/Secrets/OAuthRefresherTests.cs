using McpGateway.Connectors.Connections;

namespace McpGateway.Connectors.Tests.Secrets;

/// <summary>When an OAUTH2 connection is due for a refresh: within five minutes of expiry, or past half the time it was set for.</summary>
public sealed class OAuthRefresherTests
{
    private static readonly DateTimeOffset Set = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(3600, 3000, false)]      // an hour's token, 50 minutes in: 10 minutes left
    [InlineData(3600, 3360, true)]       // 4 minutes left
    [InlineData(20, 9, false)]           // a 20 s token, 11 s left: more than half
    [InlineData(20, 10, true)]           // half its life left
    [InlineData(3600, 4000, true)]       // already expired
    public void IsDue_ByTimeLeft(int lifetimeSeconds, int elapsedSeconds, bool due)
    {
        var record = Record(["access_token", "refresh_token", "token_url"], Set.AddSeconds(lifetimeSeconds));

        Assert.Equal(due, OAuthRefresher.IsDue(record, Set.AddSeconds(elapsedSeconds)));
    }

    [Fact]
    public void IsDue_WithoutRefreshTokenTokenUrlOrExpiry_Never()
    {
        var late = Set.AddHours(2);

        Assert.False(OAuthRefresher.IsDue(Record(["access_token", "token_url"], Set.AddHours(1)), late));
        Assert.False(OAuthRefresher.IsDue(Record(["access_token", "refresh_token"], Set.AddHours(1)), late));
        Assert.False(OAuthRefresher.IsDue(Record(["access_token", "refresh_token", "token_url"], null), late));
        Assert.False(OAuthRefresher.IsDue(Record(["access_token", "refresh_token", "token_url"], Set.AddHours(1)) with { Type = ConnectionTypes.CustomAuth }, late));
    }

    private static ConnectionRecord Record(string[] fields, DateTimeOffset? expiresAt) => new()
    {
        Name = "crm",
        Type = ConnectionTypes.OAuth2,
        FieldNames = fields,
        Sealed = [1, 2, 3],
        CreatedAt = Set,
        UpdatedAt = Set,
        ExpiresAt = expiresAt,
    };
}
