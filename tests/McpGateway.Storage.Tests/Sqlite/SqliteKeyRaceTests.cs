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
        // A round where one process got through every key before the other started proves nothing about the race, so
        // that round is run again on a new file (the two go in opposite orders, so any overlap at all splits the keys).
        const int Rounds = 3;
        var directory = Directory.CreateDirectory(Path.GetDirectoryName(_database.DatabasePath)!).FullName;
        for (var round = 1; round <= Rounds; round++)
        {
            if (await RaceAsync(Path.Combine(directory, $"race-{round}.db")) is var split && split is > 0 and < Keys)
            {
                return;
            }
        }

        Assert.Fail($"In {Rounds} rounds, one process always won every key: the two never overlapped.");
    }

    /// <summary>Runs one race on a new file; returns how many keys the process going up won.</summary>
    private static async Task<int> RaceAsync(string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var up = Start(path, "up");
        using var down = Start(path, "down");
        foreach (var probe in new[] { up, down })
        {
            Assert.Equal("ready", await probe.StandardOutput.ReadLineAsync(timeout.Token));
        }

        await up.StandardInput.WriteLineAsync("go");
        await down.StandardInput.WriteLineAsync("go");
        await up.StandardInput.FlushAsync(timeout.Token);
        await down.StandardInput.FlushAsync(timeout.Token);
        var lines = (await Task.WhenAll(ReadAllAsync(up, timeout.Token), ReadAllAsync(down, timeout.Token))).SelectMany(l => l).ToList();

        var stored = StoredExecutions(path);
        var wonGoingUp = 0;
        for (var i = 0; i < Keys; i++)
        {
            var key = $"key-{i}";
            var answers = lines.Select(l => l.Split(' ')).Where(a => a[1] == key).ToList();
            Assert.Equal(2, answers.Count);
            var winner = Assert.Single(answers, a => a[0] == "won");
            var loser = Assert.Single(answers, a => a[0] == "lost");
            Assert.Equal(winner[2], loser[2]); // the loser was told the winner's execution
            Assert.Equal(winner[2], stored[key]);
            wonGoingUp += winner[2] == $"exe_up_{i}" ? 1 : 0;
        }

        return wonGoingUp;
    }

    private static Process Start(string path, string order)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "KeyRaceProbe.dll"));
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(order);
        start.ArgumentList.Add(Keys.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(order);
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

    private static Dictionary<string, string> StoredExecutions(string path)
    {
        using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT key, execution_id FROM idempotency_keys WHERE key LIKE 'key-%'";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0), reader.GetString(1)); // throws on a second row for one key
        }

        return rows;
    }
}
