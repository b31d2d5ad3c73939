using McpGateway.Policy.Callers;

namespace McpGateway.Policy.Tests.Callers;

public sealed class ApiKeySecretTests
{
    // Keys and server tokens are stored as these hashes, so a key created before an upgrade must still authenticate
    // after it: the values below are what the managed SHA-256 (Policy/Hashing/Sha256.cs, removed) computed.
    [Theory]
    [InlineData("mcpgw_Qm9vdHN0cmFwIGtleSBmb3IgdGVzdHMgb25seSEhISE", "f24c969dbd306c58d1f71c897bfab26d778f254e08bcb44f9f18a56b4848589c")]
    [InlineData("mcpgw_ключ-é😀", "26395370a65a28847e29419176eef1c5c9db22351587dd42a06a5d233fe29d82")]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void Hash_AsShipped_Unchanged(string secret, string expected)
    {
        Assert.Equal(expected, ApiKeySecret.Hash(secret));
        Assert.Equal(expected, McpServerToken.Hash(secret));
    }

    [Fact]
    public void Hash_NewSecret_IsLowerHexOfItsLength() =>
        Assert.Matches("^[0-9a-f]{64}$", ApiKeySecret.Hash(ApiKeySecret.Create()));
}
