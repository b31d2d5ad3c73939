using McpGateway.Flows.Definition;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Execution;

/// <summary>
/// <c>{{ connections.NAME.FIELD }}</c> in a tool step's args: the tool gets the value, the run keeps the reference, the
/// step's output is kept with the value redacted, and data that merely looks like a reference stays text.
/// </summary>
public sealed class FlowConnectionTests : IAsyncLifetime
{
    private const string Secret = "ck-live-99887766";
    private readonly FlowHarness _h = new();

    public Task InitializeAsync()
    {
        _h.NewEngine();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Fact]
    public async Task ToolStep_ConnectionInArgs_ToolGetsTheValue_RunKeepsTheReference_OutputRedacted()
    {
        _h.Tools.Connections["crm.api_key"] = Secret;
        await _h.PublishAsync("c", """
            {"steps":[{"key":"call","type":"tool","tool":"demo__echo",
              "args":{"auth":"Bearer {{ connections.crm.api_key }}","key":"{{ connections.crm.api_key }}","note":"{{ inputs.note }}"}}],
             "output":"{{ steps.call.output }}"}
            """);

        var run = await _h.RunAsync("c", """{"note":"{{connections.crm.api_key}}"}""");

        Assert.Equal(RunStatuses.Succeeded, run.Status);
        var call = Assert.Single(_h.Tools.Calls);
        Assert.Equal($"Bearer {Secret}", call.Arguments["auth"]!.GetValue<string>());
        Assert.Equal(Secret, call.Arguments["key"]!.GetValue<string>());
        Assert.Equal("{{connections.crm.api_key}}", call.Arguments["note"]!.GetValue<string>()); // data stays text
        var node = await _h.NodeAsync(run.Id, "call");
        Assert.Equal("Bearer {{connections.crm.api_key}}", node.Input!["auth"]!.GetValue<string>());
        Assert.DoesNotContain(Secret, node.Input.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, node.Output!.ToJsonString(), StringComparison.Ordinal);
        Assert.Contains("[REDACTED]", node.Output.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, run.Outputs!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ToolStep_ConnectionUnreadable_StepFailsAndTheToolIsNotCalled()
    {
        await _h.PublishAsync("c", """{"steps":[{"key":"call","type":"tool","tool":"demo__echo","args":{"key":"{{ connections.crm.api_key }}"}}]}""");

        var run = await _h.RunAsync("c");

        Assert.Equal(RunStatuses.Failed, run.Status);
        Assert.Contains("no connection field crm.api_key", run.Error, StringComparison.Ordinal);
        Assert.Empty(_h.Tools.Calls);
    }

    [Theory]
    [InlineData("""{"steps":[{"key":"t","type":"transform","value":"{{ connections.crm.api_key }}"}]}""", "steps[0] (t).value: {{ connections.crm.api_key }} may be used only in a tool step's args")]
    [InlineData("""{"steps":[{"key":"a","type":"approval","message":"{{ connections.crm.api_key }}"}]}""", "may be used only in a tool step's args")]
    [InlineData("""{"steps":[{"key":"c","type":"tool","tool":"x","args":{"k":"{{ connections.crm }}"}}]}""", "steps[0] (c).args.k: write a connection's field as {{ connections.NAME.FIELD }}")]
    [InlineData("""{"steps":[{"key":"c","type":"tool","tool":"x","args":{"k":"{{ connections.crm.key == 'x' }}"}}]}""", "write a connection's field as")]
    [InlineData("""{"steps":[{"key":"c","type":"tool","tool":"x","args":{"k":"{{ connections.CRM!.key }}"}}]}""", "steps[0] (c).args.k")]
    [InlineData("""{"steps":[{"key":"c","type":"tool","tool":"x","args":{"k":"{{ connections.my-crm.key }}"}}]}""", "cannot name a connection whose name has '-'")]
    [InlineData("""{"steps":[{"key":"c","type":"tool","tool":"x"}],"output":"{{ connections.crm.api_key }}"}""", "output: {{ connections.crm.api_key }} may be used only in a tool step's args")]
    public void Parse_ConnectionOutsideAToolStepsArgsOrMalformed_IsAnError(string definition, string expected)
    {
        var (flow, errors) = FlowDefinitionParser.Parse(FlowHarness.Json(definition), FlowLimits.Default);

        Assert.Null(flow);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ConnectionsInToolArgsAndALoopsToolBody_NamedOnTheFlow()
    {
        var (flow, errors) = FlowDefinitionParser.Parse(FlowHarness.Json("""
            {"steps":[
              {"key":"c","type":"tool","tool":"x","args":{"k":"{{ connections.crm.api_key }}","h":"Basic {{connections.crm.password}}"}},
              {"key":"l","type":"loop","items":[1,2],"do":{"type":"tool","tool":"x","args":{"k":"{{ connections.billing.token }}"}}}]}
            """), FlowLimits.Default);

        Assert.Empty(errors);
        Assert.Equal(["billing.token", "crm.api_key", "crm.password"], flow!.Connections.Select(c => $"{c.Name}.{c.Field}").Order(StringComparer.Ordinal));
    }
}
