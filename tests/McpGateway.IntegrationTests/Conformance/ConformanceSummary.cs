using System.Text.Json;

namespace McpGateway.IntegrationTests.Conformance;

/// <summary>
/// What <c>tests/conformance/run.sh</c> wrote for one run: every scored check as <c>scenario:check-id</c> with whether
/// it passed (each of its occurrences SUCCESS), the scored-check counts and the failure messages.
/// </summary>
internal sealed record ConformanceSummary(
    string Url,
    string Requirements,
    int ScoredPassed,
    int ScoredFailed,
    int ScoredWarnings,
    IReadOnlyDictionary<string, bool> ScoredChecks,
    IReadOnlyDictionary<string, string> Messages)
{
    public static ConformanceSummary Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var checks = new Dictionary<string, bool>(StringComparer.Ordinal);
        var messages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var scenario in root.GetProperty("scenarios").EnumerateArray().Where(s => s.GetProperty("scored").GetBoolean()))
        {
            var name = scenario.GetProperty("name").GetString()!;
            foreach (var check in scenario.GetProperty("checks").EnumerateArray())
            {
                var key = $"{name}:{check.GetProperty("id").GetString()}";
                var status = check.GetProperty("status").GetString();
                checks[key] = checks.GetValueOrDefault(key, true) && status == "SUCCESS";
                if (status != "SUCCESS")
                {
                    messages[key] = $"{status} {(check.TryGetProperty("message", out var m) ? m.GetString() : null)}";
                }
            }
        }

        var counts = root.GetProperty("scoredChecks");
        return new ConformanceSummary(
            root.GetProperty("url").GetString()!,
            root.GetProperty("requirements").GetString()!,
            counts.GetProperty("passed").GetInt32(),
            counts.GetProperty("failed").GetInt32(),
            counts.GetProperty("warnings").GetInt32(),
            checks,
            messages);
    }

    public IEnumerable<string> Passed => ScoredChecks.Where(c => c.Value).Select(c => c.Key);

    public bool Passes(string check) => ScoredChecks.GetValueOrDefault(check);

    public string Describe(string check) => Messages.GetValueOrDefault(check) ?? (ScoredChecks.ContainsKey(check) ? "passed" : "not run");

    public override string ToString() =>
        $"{Requirements} at {Url}: scored checks {ScoredPassed} passed, {ScoredFailed} failed, {ScoredWarnings} warnings";
}
