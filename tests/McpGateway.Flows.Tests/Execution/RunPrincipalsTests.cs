using McpGateway.Flows.Execution;
using McpGateway.Flows.Model;
using McpGateway.Flows.Triggers;
using McpGateway.Policy.Callers;
using McpGateway.Policy.Tests.Callers;

namespace McpGateway.Flows.Tests.Execution;

public sealed class RunPrincipalsTests : IAsyncDisposable
{
    private const string TwoTools = """
        {"steps":[{"key":"a","type":"tool","tool":"demo__charge","args":{}},
                  {"key":"b","type":"loop","items":"{{ inputs.xs }}","do":{"type":"tool","tool":"demo__lookup_payment","args":{}}}]}
        """;

    private readonly FlowHarness _h = new();
    private readonly FakeApiKeyStore _keys = new();
    private readonly RunPrincipals _principals;

    public RunPrincipalsTests()
    {
        _principals = new RunPrincipals(_keys, _h.Flows, _h.Runs);
        _keys.Add(Key("key_admin", "admin-key", Scopes.Admin));
        _keys.Add(Key("key_writer", "writer", Scopes.FlowsWrite));
    }

    public ValueTask DisposeAsync() => _h.DisposeAsync();

    private static ApiKey Key(string id, string name, params string[] scopes) =>
        new() { Id = id, Name = name, Agent = name + "-agent", Scopes = scopes, Prefix = "mcpgw_x", CreatedAt = FlowHarness.Start };

    private async Task<FlowRecord> FlowAsync(string name, FlowActor? author, string definition = TwoTools)
    {
        var created = await _h.Service.CreateFlowAsync(new FlowDraft { Name = name, Definition = FlowHarness.Json(definition), Actor = author }, CancellationToken.None);
        return created.Value!;
    }

    private async Task<FlowRun> RunAsync(FlowRecord flow, string? keyId, string? agent = null, string? parent = null)
    {
        var run = new FlowRun
        {
            Id = FlowIds.New("run_"), FlowId = flow.Id, FlowName = flow.Name, Version = 1, Environment = RunEnvironments.Testing,
            Origin = RunOrigins.Api, CreatedAt = FlowHarness.Start, KeyId = keyId, Agent = agent, ParentRunId = parent,
        };
        return (await _h.Runs.CreateRunAsync(run, CancellationToken.None)).Run;
    }

    [Fact]
    public async Task AuthorityAsync_VersionSavedWithAKey_BoundedByThatKey()
    {
        var run = await RunAsync(await FlowAsync("f", new FlowActor("key:writer", "key_writer")), "key_admin");

        var authority = await _principals.AuthorityAsync(run, CancellationToken.None);

        Assert.Null(authority.Refusal);
        Assert.Equal("key_admin", authority.Key!.Id);
        Assert.Equal("key_writer", Assert.Single(authority.Bounds).Id);
    }

    [Fact]
    public async Task AuthorityAsync_VersionFromAFile_NoBound()
    {
        var run = await RunAsync(await FlowAsync("f", "file:f.yaml"), "key_admin");

        var authority = await _principals.AuthorityAsync(run, CancellationToken.None);

        Assert.Empty(authority.Bounds);
    }

    [Fact]
    public async Task AuthorityAsync_VersionSavedBeforeAuthorIds_TheActiveKeyOfThatName()
    {
        var run = await RunAsync(await FlowAsync("f", "key:writer"), "key_admin");
        var orphan = await RunAsync(await FlowAsync("g", "key:gone"), "key_admin");

        var named = await _principals.AuthorityAsync(run, CancellationToken.None);
        var refused = await _principals.AuthorityAsync(orphan, CancellationToken.None);

        Assert.Equal("key_writer", Assert.Single(named.Bounds).Id);
        Assert.Contains("'gone'", refused.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorityAsync_AuthorOrStarterRevoked_Refused()
    {
        var flow = await FlowAsync("f", new FlowActor("key:writer", "key_writer"));
        var run = await RunAsync(flow, "key_admin");
        await _keys.RevokeAsync("key_writer", FlowHarness.Start, CancellationToken.None);
        var authorGone = await _principals.AuthorityAsync(run, CancellationToken.None);

        var unknownStarter = await _principals.AuthorityAsync(await RunAsync(flow, "key_nobody"), CancellationToken.None);

        Assert.Contains("key_writer", authorGone.Refusal, StringComparison.Ordinal);
        Assert.Contains("key_nobody", unknownStarter.Refusal, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthorityAsync_SubRun_BoundedByItsParentsAuthorToo()
    {
        _keys.Add(Key("key_other", "other", Scopes.ToolsCall));
        var parent = await RunAsync(await FlowAsync("parent", new FlowActor("key:writer", "key_writer")), "key_admin");
        var child = await RunAsync(await FlowAsync("child", new FlowActor("key:other", "key_other")), "key_admin", parent: parent.Id);

        var authority = await _principals.AuthorityAsync(child, CancellationToken.None);

        Assert.Equal(["key_other", "key_writer"], authority.Bounds.Select(b => b.Id));
    }

    [Fact]
    public async Task AuthorityAsync_TriggerRun_ActsAsTheTriggerWithTheVersionsToolsOnly()
    {
        var flow = await FlowAsync("hooked", "file:hooked.yaml");
        var start = TriggerPrincipal.Starting(TriggerPrincipal.Webhook, "hooked", FlowHarness.Start);
        var run = await RunAsync(flow, start.Id, start.Agent);

        var authority = await _principals.AuthorityAsync(run, CancellationToken.None);
        var again = await _principals.FindAsync(authority.Key!.Id, CancellationToken.None);

        Assert.Equal("trigger:webhook", start.Id);
        Assert.Equal("trigger:webhook:hooked", authority.Key!.Agent);
        Assert.Equal("trigger:webhook:" + run.Id, authority.Key.Id);
        Assert.Equal([Scopes.FlowsRun, Scopes.ToolsCall], authority.Key.Scopes);
        Assert.Equal(["demo__charge", "demo__lookup_payment"], authority.Key.AllowedTools);
        Assert.Equal(authority.Key with { Scopes = [], AllowedTools = [] }, again! with { Scopes = [], AllowedTools = [] });
    }

    [Fact]
    public async Task FindAsync_RevokedKey_Null()
    {
        await _keys.RevokeAsync("key_writer", FlowHarness.Start, CancellationToken.None);

        Assert.Null(await _principals.FindAsync("key_writer", CancellationToken.None));
        Assert.NotNull(await _principals.FindAsync("key_admin", CancellationToken.None));
        Assert.Null(await _principals.FindAsync("trigger:cron:run_missing", CancellationToken.None));
    }
}
