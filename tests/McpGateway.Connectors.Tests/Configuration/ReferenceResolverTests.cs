using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

public sealed class ReferenceResolverTests
{
    [Fact]
    public void Resolve_EnvReference_ReplacesAndCollectsTheSecret()
    {
        Environment.SetEnvironmentVariable("MCPGW_TEST_REF", "value-123");
        var secrets = new List<string>();

        var result = ReferenceResolver.Resolve("Bearer ${env:MCPGW_TEST_REF}!", secrets);

        Assert.Equal("Bearer value-123!", result);
        Assert.Equal(["value-123"], secrets);
    }

    [Fact]
    public void Resolve_UnsetVariable_NamesItWithoutAValue()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ReferenceResolver.Resolve("${env:MCPGW_TEST_NOT_SET_ANYWHERE}"));

        Assert.Contains("MCPGW_TEST_NOT_SET_ANYWHERE", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NoReference_ReturnsSameString()
    {
        const string plain = "no refs here";

        Assert.Same(plain, ReferenceResolver.Resolve(plain));
    }

    [Fact]
    public void SecretValues_Redact_ReplacesEveryKnownValue()
    {
        var secrets = new SecretValues();
        secrets.Add("hunter22");
        secrets.Add("abc");

        Assert.Equal("pw=[REDACTED] short=abc", secrets.Redact("pw=hunter22 short=abc"));
    }

    [Fact]
    public void FindSecretReferences_MixedValue_ReturnsNameAndNameDotField()
    {
        var refs = ReferenceResolver.FindSecretReferences("${env:HOME} ${secret:tok} u=${secret:crm.username}").ToList();

        Assert.Equal(["tok", "crm.username"], refs);
        Assert.Equal(("crm", "username"), ReferenceResolver.SplitSecret("crm.username"));
        Assert.Equal(("tok", (string?)null), ReferenceResolver.SplitSecret("tok"));
    }

    [Fact]
    public void Resolve_SecretWithResolvedValues_SubstitutesAndCollectsThem()
    {
        var secrets = new List<string>();

        var result = ReferenceResolver.Resolve("Bearer ${secret:crm.token}", secrets, new Dictionary<string, string> { ["crm.token"] = "t-9876" });

        Assert.Equal("Bearer t-9876", result);
        Assert.Equal(["t-9876"], secrets);
    }

    [Fact]
    public void Resolve_SecretWithoutValues_FailsNamingTheReference()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => ReferenceResolver.Resolve("${secret:pg}"));

        Assert.Contains("${secret:pg}", ex.Message, StringComparison.Ordinal);
    }
}
