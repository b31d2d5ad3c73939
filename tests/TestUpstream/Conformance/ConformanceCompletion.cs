using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// <c>completion/complete</c> for the arguments of <c>test_prompt_with_arguments</c>; every other reference goes to
/// the handler that was there before.
/// </summary>
internal static class ConformanceCompletion
{
    private static readonly string[] Values = ["test", "testValue1", "testValue2"];

    public static McpRequestHandler<CompleteRequestParams, CompleteResult> Chain(
        McpRequestHandler<CompleteRequestParams, CompleteResult>? next) =>
        (context, cancellationToken) =>
        {
            if (context.Params?.Ref is PromptReference { Name: ConformancePrompts.WithArguments } || next is null)
            {
                var prefix = context.Params?.Argument.Value ?? string.Empty;
                string[] values = context.Params?.Ref is PromptReference { Name: ConformancePrompts.WithArguments }
                    ? [.. Values.Where(value => value.StartsWith(prefix, StringComparison.Ordinal))]
                    : [];
                return ValueTask.FromResult(new CompleteResult
                {
                    Completion = new Completion { Values = values, Total = values.Length, HasMore = false },
                });
            }

            return next(context, cancellationToken);
        };
}
