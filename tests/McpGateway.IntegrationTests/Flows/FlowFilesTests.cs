using System.Text.Json.Nodes;
using McpGateway.IntegrationTests.Controlled;

namespace McpGateway.IntegrationTests.Flows;

/// <summary>Flow files under <c>flows_dir</c> load on start, are versioned only when changed, and round-trip through CLI export/import.</summary>
public sealed class FlowFilesTests
{
    private const string FileV1 = """
        name: file-flow
        description: From a file.
        folder: files
        status: ENABLED
        publish: true
        steps:
          - key: make
            type: transform
            value: { v: one, n: "{{ inputs.n }}" }
        output: "{{ steps.make.output }}"
        """;

    [Fact]
    public async Task FlowsDir_LoadedOnStart_VersionedOnlyWhenChanged()
    {
        var stateDir = Directory.CreateTempSubdirectory("mcpgw-upstream-").FullName;
        var flowsDir = Directory.CreateTempSubdirectory("mcpgw-flows-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(flowsDir, "file-flow.yaml"), FileV1);
            await File.WriteAllTextAsync(Path.Combine(flowsDir, "broken.yaml"), "name: broken\nsteps: [ { key: a, type: teleport } ]\n");
            var yaml = ControlledConfigs.Demo(stateDir).Replace("  auth: none", $"  auth: none\n  flows_dir: \"{flowsDir}\"", StringComparison.Ordinal);
            await using var gateway = await GatewayProcess.StartAsync(yaml, "demo");

            var (_, run) = await FlowApi.StartAsync(gateway, "file-flow", new JsonObject { ["n"] = 4 });
            Assert.Equal(("one", 4), (run["outputs"]!["v"]!.GetValue<string>(), run["outputs"]!["n"]!.GetValue<int>()));
            var (_, broken) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/flows/broken/versions/latest");
            Assert.False(broken["valid"]!.GetValue<bool>());
            Assert.Contains("teleport", broken["errors"]![0]!.GetValue<string>(), StringComparison.Ordinal);

            await gateway.TerminateAsync(TimeSpan.FromSeconds(20));
            await gateway.RestartAsync("demo");
            Assert.Equal(1, await VersionCountAsync(gateway));

            await File.WriteAllTextAsync(Path.Combine(flowsDir, "file-flow.yaml"), FileV1.Replace("v: one", "v: two", StringComparison.Ordinal));
            await gateway.TerminateAsync(TimeSpan.FromSeconds(20));
            await gateway.RestartAsync("demo");

            Assert.Equal(2, await VersionCountAsync(gateway));
            var (_, again) = await FlowApi.StartAsync(gateway, "file-flow", new JsonObject { ["n"] = 1 });
            Assert.Equal(("two", 2), (again["outputs"]!["v"]!.GetValue<string>(), again["version"]!.GetValue<int>()));
        }
        finally
        {
            Directory.Delete(stateDir, recursive: true);
            Directory.Delete(flowsDir, recursive: true);
        }
    }

    [Fact]
    public async Task Cli_ImportRunExportListWatch_WorkAgainstTheGateway()
    {
        using var state = new TempDirectory("mcpgw-upstream-");
        var stateDir = state.Path;
        await using var gateway = await GatewayProcess.StartAsync(ControlledConfigs.Demo(stateDir), "demo");
        var url = gateway.BaseUrl.ToString();
        var file = Path.Combine(gateway.Dir, "cli-flow.yaml");
        await File.WriteAllTextAsync(file, FileV1.Replace("file-flow", "cli-flow", StringComparison.Ordinal));

        var import = await CliRunner.RunAsync(gateway.Dir, "flows", "import", file, "--url", url);
        Assert.True(import.ExitCode == 0, import.Stderr);
        var list = await CliRunner.RunAsync(gateway.Dir, "flows", "list", "--url", url);
        Assert.Contains("flow__cli-flow", list.Stdout, StringComparison.Ordinal);

        var run = await CliRunner.RunAsync(gateway.Dir, "flows", "run", "cli-flow", "-i", "n=5", "--url", url, "-o", "json");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var ran = JsonNode.Parse(run.Stdout)!;
        Assert.Equal(5, ran["outputs"]!["n"]!.GetValue<int>());
        var runId = ran["id"]!.GetValue<string>();

        var runs = await CliRunner.RunAsync(gateway.Dir, "runs", "list", "--flow", "cli-flow", "--url", url);
        // Piped, a table is plain text: a header line, then one line per run whose columns split on spaces.
        var lines = runs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(["ID", "FLOW", "VERSION", "STATUS", "ORIGIN", "CREATED"], lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(lines, l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries) is [var id, "cli-flow", "v1", "SUCCEEDED", ..] && id == runId);
        Assert.DoesNotContain('\u001b', runs.Stdout);
        var watch = await CliRunner.RunAsync(gateway.Dir, "runs", "watch", runId, "--url", url);
        Assert.True(watch.ExitCode == 0, watch.Stderr);
        Assert.Contains("make", watch.Stdout, StringComparison.Ordinal);
        Assert.Contains("SUCCEEDED", watch.Stdout, StringComparison.Ordinal);

        var export = await CliRunner.RunAsync(gateway.Dir, "flows", "export", "cli-flow", "--url", url);
        Assert.True(export.ExitCode == 0, export.Stderr);
        Assert.Contains("name: cli-flow", export.Stdout, StringComparison.Ordinal);
        Assert.Contains("'{{ inputs.n }}'", export.Stdout.Replace('"', '\''), StringComparison.Ordinal);
        await File.WriteAllTextAsync(file, export.Stdout);
        var reimport = await CliRunner.RunAsync(gateway.Dir, "flows", "import", file, "--url", url, "-o", "json");
        Assert.True(reimport.ExitCode == 0, reimport.Stderr);
        Assert.False(JsonNode.Parse(reimport.Stdout)!["new_version"]!.GetValue<bool>());

        var disable = await CliRunner.RunAsync(gateway.Dir, "flows", "disable", "cli-flow", "--url", url, "-o", "json");
        Assert.Equal("DISABLED", JsonNode.Parse(disable.Stdout)!["status"]!.GetValue<string>());
        var enable = await CliRunner.RunAsync(gateway.Dir, "flows", "enable", "cli-flow", "--url", url, "-o", "json");
        Assert.Equal("ENABLED", JsonNode.Parse(enable.Stdout)!["status"]!.GetValue<string>());
        var publish = await CliRunner.RunAsync(gateway.Dir, "flows", "publish", "cli-flow", "--version", "1", "--url", url, "-o", "json");
        Assert.Equal(1, JsonNode.Parse(publish.Stdout)!["published_version"]!.GetValue<int>());
        var show = await CliRunner.RunAsync(gateway.Dir, "flows", "show", "cli-flow", "--url", url, "-o", "json");
        Assert.Single(JsonNode.Parse(show.Stdout)!["versions"]!.AsArray());

        var napFile = Path.Combine(gateway.Dir, "nap.yaml");
        await File.WriteAllTextAsync(napFile, "name: cli-nap\nsteps:\n  - { key: nap, type: delay, duration: 1h }\n");
        Assert.Equal(0, (await CliRunner.RunAsync(gateway.Dir, "flows", "import", napFile, "--url", url)).ExitCode);
        var napping = await CliRunner.RunAsync(gateway.Dir, "flows", "run", "cli-nap", "--async", "--url", url);
        var napId = napping.Stdout.Trim(); // --async prints only the run id
        Assert.StartsWith("run_", napId, StringComparison.Ordinal);
        await FlowApi.WaitForStatusAsync(gateway, napId, "PAUSED");
        var cancel = await CliRunner.RunAsync(gateway.Dir, "runs", "cancel", napId, "--url", url);
        Assert.True(cancel.ExitCode == 0, cancel.Stderr);
        await FlowApi.WaitForStatusAsync(gateway, napId, "CANCELED");
        var retry = await CliRunner.RunAsync(gateway.Dir, "runs", "retry", napId, "--url", url);
        Assert.True(retry.ExitCode == 0, retry.Stderr);
        await FlowApi.WaitForStatusAsync(gateway, napId, "PAUSED");
        var shown = await CliRunner.RunAsync(gateway.Dir, "runs", "show", napId, "--url", url, "-o", "json");
        Assert.Equal("nap", JsonNode.Parse(shown.Stdout)!["nodes"]![0]!["step"]!.GetValue<string>());
    }

    private static async Task<int> VersionCountAsync(GatewayProcess gateway)
    {
        var (_, versions) = await Rest.SendAsync(gateway, HttpMethod.Get, "/v1/flows/file-flow/versions");
        return versions["data"]!.AsArray().Count;
    }
}
