using System.Security.Cryptography;
using McpGateway.Connectors.Sealing;
using McpGateway.Mcp.Mrtr;

namespace McpGateway.IntegrationTests.Mrtr;

/// <summary>The sealed requestState: opens only unchanged, unexpired, under the same master key and for the request it was issued for.</summary>
public sealed class RequestStateSealTests
{
    private static readonly RequestBinding Binding = new("key_a", "agent-a", null, "tools/call", "demo__pay_invoice", "fp1");
    private readonly ManualClock _clock = new();
    private readonly RequestStateSeal _seal;

    public RequestStateSealTests() => _seal = new RequestStateSeal(new SecretCipher(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32))), _clock);

    [Fact]
    public void Open_WhatWasSealed_ReturnsTheState()
    {
        var text = _seal.Seal(State());

        var (state, problem) = _seal.Open(text, Binding);

        Assert.Null(problem);
        Assert.Equal(State(), state);
    }

    [Fact]
    public void Open_AnyByteChanged_IsRefused()
    {
        var text = _seal.Seal(State());
        for (var i = "mcpgw1.".Length; i < text.Length; i += 7)
        {
            var changed = text[..i] + (text[i] == 'A' ? 'B' : 'A') + text[(i + 1)..];
            Assert.Contains("not valid", _seal.Open(changed, Binding).Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Open_SealedUnderAnotherMasterKey_IsRefused()
    {
        var other = new RequestStateSeal(new SecretCipher(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32))), _clock);

        Assert.Contains("not valid", _seal.Open(other.Seal(State()), Binding).Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_AfterExpiry_IsRefused()
    {
        var text = _seal.Seal(State());
        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Contains("expired", _seal.Open(text, Binding).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("key_b", "agent-a", "demo__pay_invoice", "fp1", "another caller")]
    [InlineData("key_a", "agent-b", "demo__pay_invoice", "fp1", "another caller")]
    [InlineData("key_a", "agent-a", "demo__set_invoice", "fp1", "another request")]
    [InlineData("key_a", "agent-a", "demo__pay_invoice", "fp2", "other arguments")]
    public void Open_ForAnotherRequest_IsRefusedNamingWhy(string key, string agent, string tool, string fingerprint, string why)
    {
        var text = _seal.Seal(State());

        var (state, problem) = _seal.Open(text, new RequestBinding(key, agent, null, "tools/call", tool, fingerprint));

        Assert.Null(state);
        Assert.Contains(why, problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-state")]
    [InlineData("mcpgw1.%%%")]
    [InlineData("mcpgw1.AAAA")]
    public void Open_Garbage_IsRefusedWithoutThrowing(string text) =>
        Assert.NotNull(_seal.Open(text, Binding).Problem);

    [Fact]
    public void Open_Oversized_IsRefusedBeforeDecoding() =>
        Assert.Contains($"more than the {RequestStateSeal.MaxLength}", _seal.Open("mcpgw1." + new string('A', RequestStateSeal.MaxLength), Binding).Problem, StringComparison.Ordinal);

    private RequestState State() => new()
    {
        Kind = RequestState.ApprovalKind,
        KeyId = "key_a",
        Agent = "agent-a",
        Method = "tools/call",
        Target = "demo__pay_invoice",
        Fingerprint = "fp1",
        ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(_clock.GetUtcNow().AddMinutes(1).ToUnixTimeMilliseconds()),
        ExecutionId = "exe_1",
        ApprovalId = "appr_1",
    };

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch.AddYears(56);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
