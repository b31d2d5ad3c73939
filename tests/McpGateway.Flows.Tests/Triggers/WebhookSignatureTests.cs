using System.Globalization;
using System.Text;
using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Tests.Triggers;

public sealed class WebhookSignatureTests
{
    private const long Sent = 1_700_000_000;
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"paid"}""");
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(Sent);

    private static string Stamp(long seconds) => seconds.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public void Check_RightSignatureAndFreshTimestamp_Null()
    {
        Assert.Null(WebhookSignature.Check("s3cret", Body, WebhookSignature.Sign("s3cret", Sent, Body), Stamp(Sent), null, Now.AddSeconds(30)));
    }

    [Fact]
    public void Check_KnownVector_HmacSha256OfTimestampDotBody()
    {
        // HMAC-SHA256("key", "1700000000.The quick brown fox jumps over the lazy dog")
        var body = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");

        Assert.Null(WebhookSignature.Check("key", body, "sha256=2f658d6aef4f246e91cd741bbcded7479e9605f9d41c9e248122a117e0e1765b", Stamp(Sent), null, Now));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    [InlineData(-86_400)]
    public void Check_TimestampOutsideFiveMinutes_RefusedSayingWhy(int offsetSeconds)
    {
        var at = Sent + offsetSeconds;

        var problem = WebhookSignature.Check("s3cret", Body, WebhookSignature.Sign("s3cret", at, Body), Stamp(at), null, Now);

        Assert.NotNull(problem);
        Assert.Contains(WebhookSignature.TimestampHeader, problem, StringComparison.Ordinal);
        Assert.Contains("5 minutes", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("99999999999999999999")]
    public void Check_SignatureWithoutAUsableTimestamp_RefusedNamingTheHeader(string? timestamp)
    {
        var problem = WebhookSignature.Check("s3cret", Body, WebhookSignature.Sign("s3cret", Sent, Body), timestamp, null, Now);

        Assert.Contains(WebhookSignature.TimestampHeader, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SignatureOfTheBodyAlone_Refused()
    {
        // The scheme before timestamps: HMAC of the body only. A captured one must not pass with any timestamp.
        var bodyOnly = "sha256=" + Convert.ToHexStringLower(System.Security.Cryptography.HMACSHA256.HashData(Encoding.UTF8.GetBytes("s3cret"), Body));

        Assert.NotNull(WebhookSignature.Check("s3cret", Body, bodyOnly, Stamp(Sent), null, Now));
    }

    [Fact]
    public void Check_TimestampChangedAfterSigning_Refused()
    {
        Assert.NotNull(WebhookSignature.Check("s3cret", Body, WebhookSignature.Sign("s3cret", Sent, Body), Stamp(Sent + 1), null, Now));
    }

    [Theory]
    [InlineData("sha256=00")]
    [InlineData("md5=abc")]
    [InlineData("sha256=zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Check_BadSignature_Refused(string signature)
    {
        Assert.Contains("Wrong", WebhookSignature.Check("s3cret", Body, signature, Stamp(Sent), null, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SignatureOfOtherBody_Refused()
    {
        Assert.NotNull(WebhookSignature.Check("s3cret", Body, WebhookSignature.Sign("s3cret", Sent, Encoding.UTF8.GetBytes("{}")), Stamp(Sent), null, Now));
    }

    [Theory]
    [InlineData("s3cret", true)]
    [InlineData("wrong", false)]
    [InlineData("", false)]
    public void Check_SecretHeader_AcceptedOnlyForTheSecret(string header, bool expected)
    {
        Assert.Equal(expected, WebhookSignature.Check("s3cret", Body, null, null, header, Now) is null);
    }

    [Fact]
    public void Check_Nothing_RefusedNamingBothWays()
    {
        var problem = WebhookSignature.Check("s3cret", Body, null, null, null, Now);

        Assert.Contains(WebhookSignature.SignatureHeader, problem, StringComparison.Ordinal);
        Assert.Contains(WebhookSignature.SecretHeader, problem, StringComparison.Ordinal);
    }
}
