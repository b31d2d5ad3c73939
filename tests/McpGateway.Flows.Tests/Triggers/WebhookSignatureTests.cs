using System.Text;
using McpGateway.Flows.Triggers;

namespace McpGateway.Flows.Tests.Triggers;

public sealed class WebhookSignatureTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"event":"paid"}""");

    [Fact]
    public void Verify_RightSignature_True()
    {
        Assert.True(WebhookSignature.Verify("s3cret", Body, WebhookSignature.Sign("s3cret", Body), null));
    }

    [Fact]
    public void Verify_KnownVector_MatchesHmacSha256Hex()
    {
        // HMAC-SHA256("key", "The quick brown fox jumps over the lazy dog")
        var body = Encoding.UTF8.GetBytes("The quick brown fox jumps over the lazy dog");

        Assert.True(WebhookSignature.Verify("key", body, "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", null));
    }

    [Theory]
    [InlineData("sha256=00")]
    [InlineData("md5=abc")]
    [InlineData("sha256=zz00000000000000000000000000000000000000000000000000000000000000")]
    public void Verify_BadSignature_False(string signature)
    {
        Assert.False(WebhookSignature.Verify("s3cret", Body, signature, null));
    }

    [Fact]
    public void Verify_SignatureOfOtherBody_False()
    {
        Assert.False(WebhookSignature.Verify("s3cret", Body, WebhookSignature.Sign("s3cret", Encoding.UTF8.GetBytes("{}")), null));
    }

    [Theory]
    [InlineData("s3cret", true)]
    [InlineData("wrong", false)]
    [InlineData("", false)]
    public void Verify_SecretHeader_TrueOnlyForTheSecret(string header, bool expected)
    {
        Assert.Equal(expected, WebhookSignature.Verify("s3cret", Body, null, header));
    }

    [Fact]
    public void Verify_NoSecretConfigured_False()
    {
        Assert.False(WebhookSignature.Verify(null, Body, null, "anything"));
    }
}
