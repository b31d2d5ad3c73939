using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Catalog;

/// <summary><c>completion/complete</c>: names for <c>greet.name</c>, ids for <c>test://items/{id}</c>.</summary>
internal static class CompletionHandler
{
    private static readonly string[] Names = ["alice", "albert", "bob"];
    private static readonly string[] Ids = ["1", "2", "3"];

    public static ValueTask<CompleteResult> CompleteAsync(
        RequestContext<CompleteRequestParams> context, CancellationToken cancellationToken)
    {
        var request = context.Params;
        var candidates = (request?.Ref, request?.Argument.Name) switch
        {
            (PromptReference { Name: TestPrompts.GreetName }, "name") => Names,
            (ResourceTemplateReference { Uri: TestResources.ItemTemplate }, "id") => Ids,
            _ => [],
        };

        var prefix = request?.Argument.Value ?? string.Empty;
        string[] values = [.. candidates.Where(value => value.StartsWith(prefix, StringComparison.Ordinal))];
        return ValueTask.FromResult(new CompleteResult
        {
            Completion = new Completion { Values = values, Total = values.Length, HasMore = false },
        });
    }
}
