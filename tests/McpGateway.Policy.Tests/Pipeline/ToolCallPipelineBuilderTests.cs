using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Entity;
using McpGateway.Policy.Stages.Failure;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Rules;
using McpGateway.Policy.Stages.Schema;
using McpGateway.Policy.Stages.Scope;
using McpGateway.Policy.Stages.StateVerify;
using McpGateway.Policy.Stages.Upstream;
using McpGateway.Policy.Tests.Stages.Idempotency;
using McpGateway.Policy.Tests.Stages.Journal;
using McpGateway.Policy.Tests.Stages.RateLimit;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests.Pipeline;

public sealed class ToolCallPipelineBuilderTests
{
    [Fact]
    public async Task Build_PinsTheStageOrder_JournalFirstUpstreamLast()
    {
        var catalog = new ToolCatalog();
        await using var hub = new UpstreamHub(catalog, new SecretValues(), new UpstreamOptions(), TimeProvider.System, NullLoggerFactory.Instance);
        var journal = new JournalStage(new FakeJournalStore(), new ArgumentRedactor(new SecretValues()), new JournalOptions { InstanceId = "i" }, TimeProvider.System, NullLogger<JournalStage>.Instance);

        var pipeline = ToolCallPipelineBuilder.BuildPassThrough(journal, new ResolveStage(catalog, hub), new UpstreamStage(hub));

        Assert.Equal(["journal", "resolve", "upstream"], pipeline.StageNames);
    }

    [Fact]
    public async Task Build_PinsTheFullStageOrder()
    {
        await using var h = new StageHarness();

        var pipeline = ToolCallPipelineBuilder.Build(AllStages(h));

        Assert.Equal(
            ["journal", "resolve", "scope", "limit", "schema", "entity", "rules", "idempotency", "approval", "verify", "failure", "reconcile", "upstream"],
            pipeline.StageNames);
    }

    [Fact]
    public async Task BuildSimulation_PinsTheChecksOnlyOrder()
    {
        await using var h = new StageHarness();

        var pipeline = ToolCallPipelineBuilder.BuildSimulation(AllStages(h));

        Assert.Equal(["resolve", "scope", "schema", "entity", "rules", "simulate"], pipeline.StageNames);
    }

    [Fact]
    public async Task Compose_RunsStagesOutermostFirst()
    {
        var order = new List<string>();
        var pipeline = ToolCallPipelineBuilder.Compose([new RecordingStage("a", order), new RecordingStage("b", order), new TerminalStage(order)]);

        await pipeline.InvokeAsync(new ToolCallContext("t", null, new CallerIdentity("test"), CancellationToken.None));

        Assert.Equal(["a:in", "b:in", "end", "b:out", "a:out"], order);
    }

    private static ToolCallStages AllStages(StageHarness h) => new(
        new JournalStage(new FakeJournalStore(), new ArgumentRedactor(new SecretValues()), new JournalOptions { InstanceId = "i" }, h.Time, NullLogger<JournalStage>.Instance),
        new ResolveStage(h.Catalog, h.Hub),
        new ScopeStage(new ScopeOptions { AuthRequired = true }),
        new RateLimitStage(new FakeRateLimitStore(), h.Policy, new RateLimitOptions { InstanceId = "i" }, h.Time, NullLogger<RateLimitStage>.Instance),
        new SchemaStage(),
        new EntityStage(),
        new RulesStage(h.Policy),
        new IdempotencyStage(new FakeIdempotencyStore(), h.Policy, h.Time, NullLogger<IdempotencyStage>.Instance),
        new ApprovalStage(h.Freezer, h.Reader, h.Time),
        new StateVerifyStage(new StateVerifier(h.Reader)),
        new FailureStage(h.Policy, h.Catalog, h.Freezer, h.Time),
        new ReconcileStage(new Prober(h.Reader)),
        new UpstreamStage(h.Hub));

    private sealed class RecordingStage(string name, List<string> order) : IToolCallStage
    {
        public string Name => name;

        public async ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
        {
            order.Add(name + ":in");
            var outcome = await next(context);
            order.Add(name + ":out");
            return outcome;
        }
    }

    private sealed class TerminalStage(List<string> order) : IToolCallStage
    {
        public string Name => "end";

        public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context, ToolCallDelegate next)
        {
            order.Add("end");
            return ValueTask.FromResult(ToolCallOutcome.Cancelled("done"));
        }
    }
}
