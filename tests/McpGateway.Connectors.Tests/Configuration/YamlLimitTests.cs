using System.Text;
using McpGateway.Connectors.Configuration;

namespace McpGateway.Connectors.Tests.Configuration;

/// <summary>YAML that used to stop the gateway (deep nesting, an alias bomb, a list as a mapping key) is a config error.</summary>
public sealed class YamlLimitTests
{
    private const string File = "/etc/mcpgw/connectors.yaml";

    [Fact]
    public void Parse_HundredThousandLevelsOfNesting_IsAConfigErrorNamingTheLimit()
    {
        var yaml = "gateway:\n  allowed_origins: " + new string('[', 100_000) + new string(']', 100_000) + "\n";

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File));

        var error = Assert.Single(ex.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("the document nests more than 64 levels of mappings and lists deep; the limit is 64", error.Message);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_IsRead()
    {
        // The top mapping, connectors, demo, tools, echo, probe, args: 7 levels; the value below adds 57.
        var value = new string('[', 57) + new string(']', 57);
        var yaml = "connectors:\n  demo:\n    kind: mcp-stdio\n    command: x\n    tools:\n      echo:\n        probe:\n          tool: get\n" +
            $"          args: {{ deep: {value} }}\n          succeeded_when: \"true\"\n";

        var config = ConfigLoader.Parse(yaml, File);

        Assert.NotNull(config.Connectors[0].Tools["echo"].Probe!.Call.Args["deep"]);
    }

    [Fact]
    public void Parse_AliasBomb_IsAConfigErrorNamingTheLimit()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(AliasBomb(), File));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("aliases expand to more than 100000 nodes", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 1);
    }

    [Fact]
    public void Parse_AFewAliases_AreRead()
    {
        var yaml = """
            connectors:
              a:
                kind: mcp-stdio
                command: x
                env: &env { TOKEN: "${env:T}" }
              b:
                kind: mcp-stdio
                command: y
                env: *env
            """;

        var config = ConfigLoader.Parse(yaml, File);

        Assert.Equal("${env:T}", config.Connectors[1].Env["TOKEN"]);
    }

    [Theory]
    [InlineData("connectors:\n  ? [a, b]\n  : { kind: mcp-stdio, command: x }\n", 2, "a mapping key must be a plain value, not a list or a mapping")]
    [InlineData("connectors:\n  ? { a: 1 }\n  : { kind: mcp-stdio, command: x }\n", 2, "a mapping key must be a plain value, not a list or a mapping")]
    [InlineData("gateway: &g { listen: 'http://127.0.0.1:1' }\nconnectors:\n  *g : { kind: mcp-stdio, command: x }\n", 3, "a mapping key must be a plain value, not an alias of a list or a mapping (*g)")]
    public void Parse_ComplexMappingKey_IsAConfigError(string yaml, int line, string message)
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File));

        var error = Assert.Single(ex.Errors);
        Assert.Equal((line, message), (error.Line, error.Message));
    }

    [Fact]
    public void Parse_DocumentOverTheSizeLimit_IsAConfigErrorNamingTheLimit()
    {
        var yaml = "gateway:\n  listen: http://127.0.0.1:1\n#" + new string('x', YamlLimits.MaxDocumentLength) + "\n";

        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Parse(yaml, File));

        Assert.Equal($"the document is {yaml.Length} characters long; the limit is 4194304 (4 MB)", Assert.Single(ex.Errors).Message);
    }

    [Fact]
    public void Load_FileOverTheSizeLimit_IsRefusedWithoutReadingItWhole()
    {
        var path = Path.GetTempFileName();
        try
        {
            System.IO.File.WriteAllText(path, "gateway:\n#" + new string('x', YamlLimits.MaxDocumentLength + 10));

            var ex = Assert.Throws<ConfigException>(() => ConfigLoader.Load(path));

            Assert.Contains("the limit is 4194304 (4 MB)", Assert.Single(ex.Errors).Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    /// <summary>connectors.yaml whose probe args hold nine levels of aliases, each used ten times: 10^9 nodes expanded.</summary>
    internal static string AliasBomb()
    {
        var yaml = new StringBuilder("""
            connectors:
              demo:
                kind: mcp-stdio
                command: x
                tools:
                  echo:
                    probe:
                      tool: get
                      succeeded_when: "true"
                      args:
                        l0: &l0 [x, x, x, x, x, x, x, x, x, x]

            """);
        for (var level = 1; level <= 9; level++)
        {
            var uses = string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10));
            yaml.Append($"            l{level}: &l{level} [{uses}]\n");
        }

        return yaml.ToString();
    }
}
