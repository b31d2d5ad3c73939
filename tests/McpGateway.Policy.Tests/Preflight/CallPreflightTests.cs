using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Preflight;
using static McpGateway.Policy.Tests.TestCalls;

namespace McpGateway.Policy.Tests.Preflight;

public sealed class CallPreflightTests
{
    private static readonly ProbeConfig Probe = new() { Call = new ToolReference { Tool = "billing__lookup_payment" } };

    [Fact]
    public void Assess_ReadOnlyLowRiskTool_NoWarningsAndTheLevelsScore()
    {
        var card = Card("crm__get_customer") with { ReadOnly = true, Risk = "low" };

        var report = CallPreflight.Assess(card, Context(card));

        Assert.Empty(report.Warnings);
        Assert.Equal("low", report.Risk);
        Assert.Equal(10, report.Score);
    }

    [Fact]
    public void Assess_DestructivePaymentWithoutKeyOrProbe_WarnsOfEachWithItsGuardrail()
    {
        var card = Card("billing__refund_payment") with { Destructive = true, Risk = "high" };

        var report = CallPreflight.Assess(card, Context(card));

        Assert.Equal([PreflightCodes.Destructive, PreflightCodes.NoIdempotencyKey, PreflightCodes.NoProbe], report.Warnings.Select(w => w.Code));
        Assert.All(report.Warnings, w => Assert.False(string.IsNullOrWhiteSpace(w.Guardrail)));
        Assert.Equal(100, report.Score);
    }

    [Fact]
    public void Assess_KeyFromCallerOrTemplateAndAProbe_NoKeyOrProbeWarning()
    {
        var templated = Card("billing__charge") with { IdempotencyKeyTemplate = "charge:{{args.id}}", Probe = Probe };
        var keyed = Card("billing__charge") with { Probe = Probe };

        Assert.Empty(CallPreflight.Assess(templated, Context(templated)).Warnings);
        Assert.Empty(CallPreflight.Assess(keyed, Context(keyed, idempotencyKey: "k1")).Warnings);
    }

    [Fact]
    public void Assess_IdempotentToolWithoutKey_NoKeyWarning()
    {
        var card = Card("crm__set_tier") with { Idempotent = true };

        Assert.Empty(CallPreflight.Assess(card, Context(card)).Warnings);
    }

    [Fact]
    public void Assess_EntityToolWithoutResolution_WarnsUntilOneIsGiven()
    {
        var card = Card("crm__update_customer") with { Idempotent = true, EntityParams = ["customer_id"] };

        var without = CallPreflight.Assess(card, Context(card));
        var with = CallPreflight.Assess(card, Context(card, entity: new EntityClaim("cus_1", "search", null, "customer")));

        Assert.Equal(PreflightCodes.EntityNotResolved, Assert.Single(without.Warnings).Code);
        Assert.Contains("customer_id", without.Warnings[0].Message, StringComparison.Ordinal);
        Assert.Empty(with.Warnings);
        Assert.Equal(50, without.Score);
    }
}
