using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Tests;

/// <summary>The rest of the pipeline, faked: counts calls, remembers which card each saw, and answers as told.</summary>
internal sealed class FakeNext
{
    private readonly Func<ToolCallContext, ValueTask<ToolCallOutcome>> _respond;

    public FakeNext()
        : this(_ => TestCalls.Ok())
    {
    }

    public FakeNext(Func<ToolCallContext, ToolCallOutcome> respond) => _respond = context => ValueTask.FromResult(respond(context));

    public FakeNext(Func<ToolCallContext, Task<ToolCallOutcome>> respond) => _respond = context => new ValueTask<ToolCallOutcome>(respond(context));

    public int Calls { get; private set; }

    public List<string> Cards { get; } = [];

    /// <summary>Answers with each outcome in turn, repeating the last.</summary>
    public static FakeNext Returning(params ToolCallOutcome[] outcomes)
    {
        var i = 0;
        return new FakeNext(_ => outcomes[Math.Min(i++, outcomes.Length - 1)]);
    }

    public ValueTask<ToolCallOutcome> InvokeAsync(ToolCallContext context)
    {
        Calls++;
        Cards.Add(context.Card?.Name ?? "");
        return _respond(context);
    }
}
