using McpGateway.Flows.Definition;

namespace McpGateway.Flows.Tests.Definition;

public sealed class FlowDefinitionValidatorTests
{
    [Fact]
    public void Validate_SpecExample_Valid()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {
              "inputs": { "type": "object", "properties": { "payment_id": { "type": "string" }, "amount": { "type": "number" } }, "required": ["payment_id"] },
              "trigger": { "type": "cron", "cron": "0 0/5 * * * ?", "timezone": "Europe/Paris", "missed": "skip", "inputs": { "amount": 0 } },
              "timeout": "10m",
              "steps": [
                { "key": "lookup", "type": "tool", "tool": "demo__lookup_payment", "args": { "payment_id": "{{ inputs.payment_id }}" }, "retry": { "attempts": 3, "backoff": "1s" }, "timeout": "30s" },
                { "key": "decide", "type": "router", "mode": "first", "depends_on": ["lookup"],
                  "routes": [ { "when": "steps.lookup.output.amount > 100", "next": ["approve"] } ], "default": ["refund"] },
                { "key": "approve", "type": "approval", "message": "Refund {{ inputs.payment_id }}?", "expires_in": "1h", "next": ["refund"] },
                { "key": "refund", "type": "tool", "tool": "demo__charge", "args": { "amount": "{{ steps.lookup.output.amount }}" } }
              ],
              "output": { "refunded": "{{ steps.refund.output }}" }
            }
            """));

        Assert.Empty(errors);
    }

    [Theory]
    [InlineData("""{"steps":[{"key":"a","type":"teleport"}]}""", "steps[0] (a).type: unknown step type 'teleport'")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1},{"key":"a","type":"transform","value":2}]}""", "steps[1] (a).key: duplicate key 'a'")]
    [InlineData("""{"steps":[{"key":"a b","type":"transform","value":1}]}""", "steps[0] (a b).key: 'a b' may only use letters")]
    [InlineData("""{"steps":[{"type":"transform","value":1}]}""", "steps[0].key: required")]
    [InlineData("""{"steps":[{"key":"a","type":"tool"}]}""", "steps[0] (a).tool: required")]
    [InlineData("""{"steps":[{"key":"a","type":"flow"}]}""", "steps[0] (a).flow: required")]
    [InlineData("""{"steps":[{"key":"a","type":"transform"}]}""", "steps[0] (a).value: required")]
    [InlineData("""{"steps":[{"key":"a","type":"flow","flow":"f","fail_parent_on_failure":"no"}]}""", "steps[0] (a).fail_parent_on_failure: must be true or false")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"fail_parent_on_failure":false}]}""", "steps[0] (a).fail_parent_on_failure: unknown field")]
    [InlineData("""{"steps":[{"key":"a","type":"router"}]}""", "steps[0] (a).routes: required")]
    [InlineData("""{"steps":[{"key":"a","type":"loop","items":[1]}]}""", "steps[0] (a).do: required")]
    [InlineData("""{"steps":[{"key":"a","type":"delay"}]}""", "steps[0] (a): a delay needs exactly one of duration or until")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"next":["nope"]}]}""", "steps[0] (a).next: 'nope' names no step")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"depends_on":"ghost"}]}""", "steps[0] (a).depends_on: 'ghost' names no step")]
    [InlineData("""{"steps":[{"key":"r","type":"router","routes":[{"when":"true","next":["x"]}],"default":["y"]}]}""", "steps[0] (r).routes[0].next: 'x' names no step")]
    [InlineData("""{"steps":[{"key":"r","type":"router","routes":[{"when":"true","next":["r"]}],"default":["y"]}]}""", "steps[0] (r).default: 'y' names no step")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"next":"b"},{"key":"b","type":"transform","value":1,"next":"a"}]}""", "steps: the steps a, b form a cycle")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"when":"inputs.x >"}]}""", "steps[0] (a).when: at ")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1,"when":"args.x == 1"}]}""", "steps[0] (a).when: at 0")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":"{{ inputs.x == }}"}]}""", "steps[0] (a).value: template '{{ inputs.x == }}' at ")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":"{{ inputs.x"}]}""", "steps[0] (a).value: '{{' at 0 is never closed")]
    [InlineData("""{"steps":[{"key":"a","type":"tool","tool":"t","timeout":"10x"}]}""", "steps[0] (a).timeout: bad duration \"10x\"")]
    [InlineData("""{"timeout":"soon","steps":[]}""", "timeout: bad duration")]
    [InlineData("""{"inputs":{"type":"string"},"steps":[]}""", "inputs: must be an object JSON Schema")]
    [InlineData("""{"inputs":[1],"steps":[]}""", "inputs: must be an object JSON Schema")]
    [InlineData("""{"inputs":{"type":"object","properties":{"n":{"type":17}}},"steps":[]}""", "inputs: not a valid JSON Schema: 'type' must be")]
    [InlineData("""{"inputs":{"$schema":"https://example.com/no-such-dialect","type":"object","required":["n"]},"steps":[]}""", "inputs: not a valid JSON Schema: Cannot find dialect")]
    [InlineData("""{"steps":[{"key":"l","type":"loop","items":[1],"do":{"type":"approval"}}]}""", "steps[0] (l).do.type: a loop's do may be tool, transform or flow, not 'approval'")]
    [InlineData("""{"steps":[{"key":"l","type":"loop","items":[1],"concurrency":33,"do":{"type":"transform","value":1}}]}""", "steps[0] (l).concurrency: must be a whole number from 1 to 32, not 33")]
    [InlineData("""{"steps":[{"key":"l","type":"loop","items":[1],"concurrency":0,"do":{"type":"transform","value":1}}]}""", "steps[0] (l).concurrency: must be a whole number from 1 to 32, not 0")]
    [InlineData("""{"trigger":{"type":"cron","cron":"every day"},"steps":[]}""", "trigger.cron: 'every day' is not a valid Quartz cron expression")]
    [InlineData("""{"trigger":{"type":"cron","cron":"0 0 * * * ?","timezone":"Mars/Olympus"},"steps":[]}""", "trigger.timezone: unknown time zone 'Mars/Olympus'")]
    [InlineData("""{"trigger":{"type":"cron"},"steps":[]}""", "trigger.cron: required for a cron trigger")]
    [InlineData("""{"trigger":{"type":"email"},"steps":[]}""", "trigger.type: unknown trigger type 'email'")]
    [InlineData("""{"steps":[{"key":"a","type":"tool","tool":"t","retry":{"attempts":0}}]}""", "steps[0] (a).retry.attempts: required, a whole number from 1 to 100")]
    [InlineData("""{"steps":[{"key":"a","type":"transform","value":1}],"output":"{{ steps.zed.output }}"}""", "output: 'steps.zed' names no step")]
    public void Validate_BadDefinition_NamesTheStepAndPath(string definition, string expected)
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json(definition));

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ReferenceToUnknownStep_MessageAsInTheSpec()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {"steps":[
              {"key":"lookup","type":"tool","tool":"t"},
              {"key":"decide","type":"transform","value":1},
              {"key":"refund","type":"tool","tool":"t","args":{"amount":"{{ steps.lokup.output.amount }}"}}
            ]}
            """));

        Assert.Equal(["steps[2] (refund).args.amount: 'steps.lokup' names no step"], errors);
    }

    [Fact]
    public void Validate_ReferenceToStepNotUpstream_Error()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {"steps":[
              {"key":"a","type":"transform","value":"{{ steps.b.output }}"},
              {"key":"b","type":"transform","value":1}
            ]}
            """));

        Assert.Equal(["steps[0] (a).value: 'steps.b' is not upstream of this step"], errors);
    }

    [Fact]
    public void Validate_ParallelBranches_SiblingIsNotUpstream()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {"steps":[
              {"key":"start","type":"transform","value":1,"next":["x","y"]},
              {"key":"x","type":"transform","value":"{{ steps.y.output }}"},
              {"key":"y","type":"transform","value":"{{ steps.start.output }}"}
            ]}
            """));

        Assert.Equal(["steps[1] (x).value: 'steps.y' is not upstream of this step"], errors);
    }

    [Fact]
    public void Validate_ManyProblems_EveryErrorListed()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {"timeout":"x","steps":[
              {"key":"a","type":"nope"},
              {"key":"b","type":"tool"},
              {"key":"c","type":"transform","value":1,"next":"zz"}
            ]}
            """));

        Assert.Equal(4, errors.Count);
    }

    [Fact]
    public void Validate_NoSteps_Error()
    {
        Assert.Contains("steps: required, a list of steps", FlowDefinitionValidator.Validate(FlowHarness.Json("{}")));
    }

    [Fact]
    public void Validate_UnknownFields_EachNamedWithItsPathAndTheAllowedOnes()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""
            {
              "stpes": [],
              "trigger": { "type": "webhook", "sink": true },
              "steps": [
                { "key": "a", "type": "tool", "tool": "demo__echo", "agrs": {}, "timout": "1s", "retry": { "attempts": 2, "backof": "1s" } },
                { "key": "r", "type": "router", "routes": [ { "when": "true", "next": ["a2"], "els": ["a"] } ] },
                { "key": "a2", "type": "transform", "value": 1, "tool": "demo__echo" }
              ]
            }
            """));

        Assert.Contains("stpes: unknown field (allowed here: inputs, trigger, timeout, steps, output, notes)", errors);
        Assert.Contains(errors, e => e.StartsWith("trigger.sink: unknown field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("steps[0] (a).agrs: unknown field", StringComparison.Ordinal) && e.Contains("args", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("steps[0] (a).timout: unknown field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("steps[0] (a).retry.backof: unknown field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("steps[1] (r).routes[0].els: unknown field", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("steps[2] (a2).tool: unknown field", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_WebhookSyncNotBoolean_Error()
    {
        var errors = FlowDefinitionValidator.Validate(FlowHarness.Json("""{ "trigger": { "type": "webhook", "sync": "yes" }, "steps": [ { "key": "a", "type": "transform", "value": 1 } ] }"""));

        Assert.Contains("trigger.sync: must be true or false", errors);
    }
}
