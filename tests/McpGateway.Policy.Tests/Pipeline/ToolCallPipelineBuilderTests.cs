using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Pipeline;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Upstream;
using McpGateway.Policy.Tests.Stages.Journal;
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
    public async Task Compose_RunsStagesOutermostFirst()
    {
        var order = new List<string>();
        var pipeline = ToolCallPipelineBuilder.Compose([new RecordingStage("a", order), new RecordingStage("b", order), new TerminalStage(order)]);

        await pipeline.InvokeAsync(new ToolCallContext("t", null, new CallerIdentity("test"), CancellationToken.None));

        Assert.Equal(["a:in", "b:in", "end", "b:out", "a:out"], order);
    }

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
