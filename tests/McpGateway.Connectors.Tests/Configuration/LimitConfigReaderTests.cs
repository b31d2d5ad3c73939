using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

public sealed class LimitConfigReaderTests
{
    private const string File = "/etc/mcpgw/connectors.yaml";

    [Fact]
    public void Parse_Limits_ReadsEveryField()
    {
        var config = ConfigLoader.Parse("""
            policy:
              limits:
                - name: per-agent
                  by: agent
                  requests: 30
                  per: 1m
                - name: crm-at-once
                  by: connector
                  tools: crm__*
                  concurrent: 2
                - name: both
                  by: key
                  tools: [a__x, b__*]
                  requests: 5
                  per: 10s
                  concurrent: 1
            """, File);

        var limits = config.Policy.Limits;
        Assert.Equal(3, limits.Count);
        Assert.Equal(new LimitConfig { Name = "per-agent", By = "agent", Requests = 30, Per = TimeSpan.FromMinutes(1), Path = "policy.limits[0]" }, limits[0] with { Tools = [] });
        Assert.Equal(["crm__*"], limits[1].Tools);
        Assert.Equal(2, limits[1].Concurrent);
        Assert.Null(limits[1].Requests);
        Assert.Equal(["a__x", "b__*"], limits[2].Tools);
        Assert.Equal((5, TimeSpan.FromSeconds(10), 1), (limits[2].Requests!.Value, limits[2].Per!.Value, limits[2].Concurrent!.Value));
    }

    [Fact]
    public void Parse_NoLimits_EmptyList()
    {
        Assert.Empty(ConfigLoader.Parse("gateway:\n  listen: http://127.0.0.1:1\n", File).Policy.Limits);
    }

    [Fact]
    public void Parse_BadLimits_ListsEveryErrorWithItsPath()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse("""
            policy:
              limits:
                - name: a
                  by: session
                  requests: 3
                  per: 1m
                - name: b
                  by: agent
                  requests: 3
                - name: c
                  by: agent
                  per: 1m
                - name: d
                  by: agent
                - name: e
                  by: tool
                  requests: 0
                  per: 1m
                - name: f
                  by: tool
                  requests: 2
                  per: 100ms
                - name: a
                  by: key
                  concurrent: 1
                - name: Bad Name
                  by: key
                  concurrent: 1
                  burst: 4
            """, File));

        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[0].by" && e.Line == 4 && e.Message.Contains("key, agent, tool or connector", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[1].per" && e.Message.Contains("needs 'per'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[2].requests" && e.Message.Contains("needs 'requests'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[3]" && e.Message.Contains("or 'concurrent'", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[4].requests" && e.Message.Contains("from 1 to", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[5].per" && e.Message.Contains("from 1s to 24h", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[6].name" && e.Message.Contains("unique", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[7].name");
        Assert.Contains(ex.Errors, e => e.Path == "policy.limits[7].burst" && e.Message.Contains("unknown key", StringComparison.Ordinal));
        Assert.Equal(9, ex.Errors.Count);
        Assert.All(ex.Errors, e => Assert.Equal(File, e.File));
    }
}
