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
}
