using System.Text.Json.Nodes;
using McpGateway.Flows.Definition;

namespace McpGateway.Flows.Tests.Definition;

/// <summary>Steps per flow, run duration and expression size limits at save time, and what validating a long flow costs.</summary>
public sealed class FlowDefinitionLimitTests
{
    [Fact]
    public void Validate_MoreStepsThanTheLimit_NamesTheLimitAndTheCount()
    {
        var errors = FlowDefinitionValidator.Validate(Chain(1_001));

        Assert.Equal(["steps: 1001 steps; a flow may have at most 1000 (the gateway's max_flow_steps)"], errors);
    }

    [Fact]
    public void Validate_StepsWithinARaisedLimit_Valid()
    {
        var errors = FlowDefinitionValidator.Validate(Chain(5_000), new FlowLimits { MaxSteps = 5_000 });

        Assert.Empty(errors);
    }

    [Fact]
    public void Validate_TenThousandStepChain_AllocatesInProportionToItsSize()
    {
        // Every step reads the one before it. Each step's set of ancestors was kept (50 million entries: 2.8 GB
        // allocated, 1.6 GB resident); validation now keeps nothing per pair of steps (about 40 MB).
        var definition = Chain(10_000);
        var limits = new FlowLimits { MaxSteps = 10_000 };

        var before = GC.GetAllocatedBytesForCurrentThread();
        var errors = FlowDefinitionValidator.Validate(definition, limits);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Empty(errors);
        Assert.True(allocated < 400L * 1024 * 1024, $"validating 10,000 steps allocated {allocated / (1024 * 1024)} MB");
    }

    [Fact]
    public void Validate_StepReadingOneNotUpstreamInALongChain_StillReported()
    {
        var definition = Chain(3_000);
        definition["steps"]![10]!["value"] = "{{ steps.s2000.output }}";

        var errors = FlowDefinitionValidator.Validate(definition, new FlowLimits { MaxSteps = 3_000 });

        Assert.Equal(["steps[10] (s10).value: 'steps.s2000' is not upstream of this step"], errors);
    }

    [Fact]
    public void Validate_StepReadingAFarAncestorThroughBranches_Valid()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {"steps":[
              {"key":"a","type":"transform","value":1,"next":["b","c"]},
              {"key":"b","type":"transform","value":2,"next":"d"},
              {"key":"c","type":"transform","value":3,"next":"d"},
              {"key":"d","type":"transform","value":"{{ steps.a.output }}","next":"e"},
              {"key":"e","type":"transform","value":"{{ steps.c.output }}{{ steps.b.output }}{{ steps.e.output }}"}]}
            """));

        Assert.Equal(["steps[4] (e).value: 'steps.e' is not upstream of this step"], errors);
    }

    [Fact]
    public void Validate_TimeoutOverTheMaxRunDuration_NamesTheLimit()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""{"timeout":"8d","steps":[{"key":"a","type":"transform","value":1}]}"""));

        Assert.Equal(["timeout: 8d is longer than a run may take, 7d (the gateway's max_run_duration)"], errors);
    }

    [Fact]
    public void Validate_DurationTooLongForAClock_IsABadDurationNotACrash()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""{"steps":[{"key":"a","type":"delay","duration":"999999999d"}]}"""));

        Assert.Equal(["steps[0] (a).duration: bad duration \"999999999d\" (a whole number with ms, s, m, h or d, e.g. 30s)"], errors);
    }

    [Fact]
    public void Validate_RouterConditionOverTheExpressionLimit_NamesTheLimitWithoutEchoingIt()
    {
        var condition = string.Join(" or ", Enumerable.Repeat("inputs.a", 150_000));
        var definition = FlowHarness.Json("""{"steps":[{"key":"r","type":"router","routes":[{"when":"true","next":["x"]}]},{"key":"x","type":"transform","value":1}]}""");
        definition["steps"]![0]!["routes"]![0]!["when"] = condition;

        var error = Assert.Single(FlowDefinitionValidator.Validate(definition));

        Assert.StartsWith("steps[0] (r).routes[0].when: at 16384: the expression is", error, StringComparison.Ordinal);
        Assert.Contains("the limit is 16384 characters", error, StringComparison.Ordinal);
        Assert.True(error.Length < 300, error);
    }

    [Fact]
    public void Validate_TemplateOverTheExpressionLimit_QuotesOnlyItsStart()
    {
        var definition = FlowHarness.Json("""{"steps":[{"key":"a","type":"transform"}]}""");
        definition["steps"]![0]!["value"] = "{{ " + string.Join(" or ", Enumerable.Repeat("inputs.a", 150_000)) + " }}";

        var error = Assert.Single(FlowDefinitionValidator.Validate(definition));

        Assert.Contains("the limit is 16384 characters", error, StringComparison.Ordinal);
        Assert.True(error.Length < 400, error);
    }

    /// <summary>Transforms s0..s(n-1) in listed order, each reading the one before it.</summary>
    private static JsonObject Chain(int count)
    {
        var steps = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            steps.Add(new JsonObject
            {
                ["key"] = $"s{i}",
                ["type"] = "transform",
                ["value"] = i == 0 ? "{{ inputs.x }}" : $"{{{{ steps.s{i - 1}.output }}}}",
            });
        }

        return new JsonObject { ["steps"] = steps };
    }
}
