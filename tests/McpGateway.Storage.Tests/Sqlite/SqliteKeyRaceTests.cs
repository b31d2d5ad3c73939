using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace McpGateway.Storage.Tests.Sqlite;

/// <summary>
/// Two real processes (tests/KeyRaceProbe) race for the same idempotency keys on one SQLite file, as <c>mcpgw serve</c>
/// and <c>mcpgw stdio</c> may: each key is won exactly once, both through the journal's open and through the store.
/// </summary>
public sealed class SqliteKeyRaceTests : IAsyncLifetime
{
    private const int Keys = 1_000;
    private readonly SqliteTestDatabase _database = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _database.DropAsync();

    [Fact]
    public async Task TwoProcessesReserveTheSameKeys_EachKeyIsWonOnceAndStoredOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var first = Start("p1");
        using var second = Start("p2");
        foreach (var probe in new[] { first, second })
        {
            Assert.Equal("ready", await probe.StandardOutput.ReadLineAsync(timeout.Token));
        }

        // Both start at once, on the keys in the same order: most keys are contended.
        await first.StandardInput.WriteLineAsync("go");
        await second.StandardInput.WriteLineAsync("go");
        await first.StandardInput.FlushAsync(timeout.Token);
        await second.StandardInput.FlushAsync(timeout.Token);
        var lines = (await Task.WhenAll(ReadAllAsync(first, timeout.Token), ReadAllAsync(second, timeout.Token))).SelectMany(l => l).ToList();

        var stored = StoredExecutions();
        Assert.Equal(Keys, stored.Count);
        var contended = 0;
        for (var i = 0; i < Keys; i++)
        {
            var key = $"key-{i}";
            var answers = lines.Where(l => l.Split(' ')[1] == key).Select(l => l.Split(' ')).ToList();
            Assert.Equal(2, answers.Count);
            var winner = Assert.Single(answers, a => a[0] == "won");
            var loser = Assert.Single(answers, a => a[0] == "lost");
            Assert.Equal(winner[2], loser[2]); // the loser was told the winner's execution
            Assert.Equal(winner[2], stored[key]);
            contended += winner[2].EndsWith("_p1_" + i, StringComparison.Ordinal) ? 0 : 1;
        }

        // Not an assertion on timing: only that the run was a race at all, so the test can fail when it should.
        Assert.InRange(contended, 1, Keys - 1);
    }

    private Process Start(string name)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KeyRaceProbe.dll"));
        start.ArgumentList.Add(_database.DatabasePath);
        start.ArgumentList.Add(name);
        start.ArgumentList.Add(Keys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Process.Start(start)!;
    }

    private static async Task<List<string>> ReadAllAsync(Process probe, CancellationToken cancellationToken)
    {
        var errors = probe.StandardError.ReadToEndAsync(cancellationToken);
        var lines = new List<string>();
        while (await probe.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        await probe.WaitForExitAsync(cancellationToken);
        Assert.True(probe.ExitCode == 0, $"The probe failed ({probe.ExitCode}): {await errors}");
        return lines;
    }

    private Dictionary<string, string> StoredExecutions()
    {
        using var connection = new SqliteConnection($"Data Source={_database.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, execution_id FROM idempotency_keys";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0), reader.GetString(1)); // throws on a second row for one key
        }

        return rows;
    }
}
