using System.Text.Json.Nodes;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Tests.Expressions;

public sealed class ConditionExpressionAllocationTests
{
    [Fact]
    public void Evaluate_ScalarRule_AllocatesNothing()
    {
        var expression = ConditionExpression.Parse(
            "tool == 'git__push' and args.count > 2 and args.branch in ['main', 'dev'] and not (args.branch starts_with 'x')");
        var variables = new JsonObject
        {
            ["tool"] = "git__push",
            ["args"] = new JsonObject { ["branch"] = "main", ["count"] = 3 },
        };
        for (var i = 0; i < 10; i++)
        {
            expression.Evaluate(variables);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = expression.Evaluate(variables);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(result);
        Assert.Equal(0, allocated);
    }
}
