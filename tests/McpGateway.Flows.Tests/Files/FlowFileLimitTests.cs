using System.Text;
using McpGateway.Flows.Files;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Flows.Tests.Files;

/// <summary>Flow files that used to stop the gateway from starting (an alias bomb, deep nesting) are refused and skipped.</summary>
public sealed class FlowFileLimitTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcpgw-flows-").FullName;

    [Fact]
    public void Parse_AliasBomb_FormatExceptionNamingTheLimit()
    {
        var error = Assert.Throws<FormatException>(() => FlowFile.Parse(AliasBomb()));

        Assert.Contains("aliases expand to more than 100000 nodes", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("line ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_FormatExceptionNamingTheLimit()
    {
        var text = "name: deep\nsteps:\n  - { key: a, type: transform, value: " + new string('[', 100_000) + new string(']', 100_000) + " }\n";

        var error = Assert.Throws<FormatException>(() => FlowFile.Parse(text));

        Assert.Contains("nests more than 64 levels", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadAsync_BombAmongGoodFiles_SkipsItAndLoadsTheOthers()
    {
        await using var h = new FlowHarness();
        File.WriteAllText(Path.Combine(_dir, "a-bomb.yaml"), AliasBomb());
        File.WriteAllText(Path.Combine(_dir, "b-deep.json"), "{\"name\":\"deep\",\"steps\":" + new string('[', 100_000) + new string(']', 100_000) + "}");
        File.WriteAllText(Path.Combine(_dir, "c-good.yaml"), "name: good\nsteps:\n  - { key: a, type: transform, value: 1 }\n");
        var directory = new FlowDirectory(new FlowImporter(h.Service), NullLogger<FlowDirectory>.Instance);

        var loaded = await directory.LoadAsync(_dir, CancellationToken.None);

        Assert.Equal(1, loaded);
        Assert.Equal(["good"], (await h.Service.ListFlowsAsync(null, CancellationToken.None)).Value!.Select(f => f.Name));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string AliasBomb()
    {
        var text = new StringBuilder("name: bomb\nsteps:\n  - key: a\n    type: transform\n    value:\n      l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (var level = 1; level <= 9; level++)
        {
            text.Append($"      l{level}: &l{level} [{string.Join(", ", Enumerable.Repeat($"*l{level - 1}", 10))}]\n");
        }

        return text.ToString();
    }
}
