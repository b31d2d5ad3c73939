using System.Diagnostics;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace McpGateway.IntegrationTests;

/// <summary>
/// TestUpstream's side-effect tools on their own, with no gateway: state kept in a temp <c>TESTUPSTREAM_STATE_DIR</c>,
/// one real TestUpstream process over Streamable HTTP per test (two for the restart).
/// </summary>
public sealed class TestUpstreamToolsTests : IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("testupstream-state-").FullName;

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);

    [Fact]
    public async Task Charge_SamePaymentIdTwice_RecordsTwoCharges()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);

        var first = await upstream.CallAsync("charge", new() { ["payment_id"] = "pay_1", ["amount"] = 25.5, ["customer_id"] = "cust_1" });
        var second = await upstream.CallAsync("charge", new() { ["payment_id"] = "pay_1", ["amount"] = 25.5 });
        var lookup = await upstream.CallAsync("lookup_payment", new() { ["payment_id"] = "pay_1" });
        var list = await upstream.CallAsync("list_charges", []);

        Assert.Equal("succeeded", first.GetProperty("status").GetString());
        Assert.Equal(25.5m, first.GetProperty("amount").GetDecimal());
        Assert.NotEqual(first.GetProperty("charge_id").GetString(), second.GetProperty("charge_id").GetString());
        Assert.True(lookup.GetProperty("found").GetBoolean());
        Assert.Equal(2, lookup.GetProperty("charges").GetInt32());
        Assert.Equal("succeeded", lookup.GetProperty("status").GetString());
        Assert.Equal(2, list.GetProperty("count").GetInt32());
        Assert.Equal("cust_1", list.GetProperty("charges")[0].GetProperty("customer_id").GetString());
    }

    [Fact]
    public async Task LookupPayment_NeverCharged_NotFound()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);

        var lookup = await upstream.CallAsync("lookup_payment", new() { ["payment_id"] = "pay_unknown" });

        Assert.False(lookup.GetProperty("found").GetBoolean());
        Assert.Equal(0, lookup.GetProperty("charges").GetInt32());
        Assert.Equal("not_found", lookup.GetProperty("status").GetString());
        Assert.False(lookup.TryGetProperty("amount", out _));
    }

    [Fact]
    public async Task Charge_HangAfterCharge_RecordedBeforeAnswering()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);
        using var giveUp = new CancellationTokenSource();

        var charging = upstream.Client.CallToolAsync(
            "charge",
            new Dictionary<string, object?> { ["payment_id"] = "pay_hang", ["amount"] = 10, ["hang_after_charge_ms"] = 120_000 },
            cancellationToken: giveUp.Token).AsTask();
        var charges = await WaitForChargesAsync(upstream, "pay_hang", expected: 1);
        var answeredBeforeGivingUp = charging.IsCompleted;
        await giveUp.CancelAsync();

        Assert.Equal(1, charges);
        Assert.False(answeredBeforeGivingUp);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => charging);
        Assert.Equal(1, (await upstream.CallAsync("list_charges", [])).GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Charge_CancelledDuringDelay_DoesNotCharge()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => upstream.Client.CallToolAsync(
            "charge",
            new Dictionary<string, object?> { ["payment_id"] = "pay_delay", ["amount"] = 10, ["delay_ms"] = 120_000 },
            cancellationToken: giveUp.Token).AsTask());
        var lookup = await upstream.CallAsync("lookup_payment", new() { ["payment_id"] = "pay_delay" });

        Assert.Equal(0, lookup.GetProperty("charges").GetInt32());
    }

    [Fact]
    public async Task StateDir_UpstreamKilledAndStartedAgain_ChargesCrmAndInvoicesSurvive()
    {
        await using (var before = await Upstream.StartAsync(_stateDir))
        {
            await before.CallAsync("charge", new() { ["payment_id"] = "pay_restart", ["amount"] = 7 });
            await before.CallAsync("crm_update", new() { ["customer_id"] = "cust_1", ["fields"] = new Dictionary<string, object?> { ["tier"] = "gold" } });
            await before.CallAsync("pay_invoice", new() { ["invoice_id"] = "inv_1", ["amount"] = 20.5 });
            before.Kill();
        }

        await using var after = await Upstream.StartAsync(_stateDir);
        var lookup = await after.CallAsync("lookup_payment", new() { ["payment_id"] = "pay_restart" });
        var charge = await after.CallAsync("charge", new() { ["payment_id"] = "pay_restart", ["amount"] = 7 });
        var crm = await after.CallAsync("crm_update", new() { ["customer_id"] = "cust_1", ["fields"] = new Dictionary<string, object?> { ["tier"] = "platinum" } });
        var invoice = await after.CallAsync("get_invoice", new() { ["invoice_id"] = "inv_1" });

        Assert.Equal(1, lookup.GetProperty("charges").GetInt32());
        Assert.Equal("ch_2", charge.GetProperty("charge_id").GetString());
        Assert.Equal(2, crm.GetProperty("version").GetInt32());
        Assert.Equal(100m, invoice.GetProperty("balance").GetDecimal());
        Assert.Equal(2, invoice.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task SetInvoice_ChangesBalanceAndStatus_GetInvoiceSeesNewVersion()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);
        var seeded = await upstream.CallAsync("get_invoice", new() { ["invoice_id"] = "inv_1" });

        var set = await upstream.CallAsync("set_invoice", new() { ["invoice_id"] = "inv_1", ["balance"] = 99, ["status"] = "disputed" });
        var read = await upstream.CallAsync("get_invoice", new() { ["invoice_id"] = "inv_1" });

        Assert.Equal(120.5m, seeded.GetProperty("balance").GetDecimal());
        Assert.Equal("open", seeded.GetProperty("status").GetString());
        Assert.Equal(1, seeded.GetProperty("version").GetInt32());
        Assert.True(JsonElement.DeepEquals(set, read));
        Assert.Equal(99m, read.GetProperty("balance").GetDecimal());
        Assert.Equal("disputed", read.GetProperty("status").GetString());
        Assert.Equal("cust_1", read.GetProperty("customer_id").GetString());
        Assert.Equal("EUR", read.GetProperty("currency").GetString());
        Assert.Equal(2, read.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task SlowFirst_FirstCallTimesOut_RetryAnswersAtOnce()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);
        var args = new Dictionary<string, object?> { ["key"] = "k1", ["n"] = 1, ["ms"] = 120_000 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => upstream.Client.CallToolAsync("slow_first", args, cancellationToken: timeout.Token).AsTask());
        using var retryTimeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var retry = await upstream.Client.CallToolAsync("slow_first", args, cancellationToken: retryTimeout.Token);

        Assert.NotEqual(true, retry.IsError);
        Assert.Equal("k1", retry.StructuredContent!.Value.GetProperty("key").GetString());
        Assert.Equal(2, retry.StructuredContent!.Value.GetProperty("call").GetInt32());
    }

    [Fact]
    public async Task ResetState_AfterSideEffects_ClearsChargesCrmAndInvoices()
    {
        await using var upstream = await Upstream.StartAsync(_stateDir);
        await upstream.CallAsync("charge", new() { ["payment_id"] = "pay_reset", ["amount"] = 1 });
        await upstream.CallAsync("crm_update", new() { ["customer_id"] = "cust_2", ["fields"] = new Dictionary<string, object?> { ["name"] = "x" } });
        await upstream.CallAsync("set_invoice", new() { ["invoice_id"] = "inv_2", ["balance"] = 5 });

        await upstream.CallAsync("reset_state", []);

        Assert.Equal(0, (await upstream.CallAsync("list_charges", [])).GetProperty("count").GetInt32());
        Assert.Equal(0, (await upstream.CallAsync("crm_updates", [])).GetProperty("count").GetInt32());
        Assert.Equal(1, (await upstream.CallAsync("get_invoice", new() { ["invoice_id"] = "inv_2" })).GetProperty("version").GetInt32());
    }

    private static async Task<int> WaitForChargesAsync(Upstream upstream, string paymentId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var charges = (await upstream.CallAsync("lookup_payment", new() { ["payment_id"] = paymentId })).GetProperty("charges").GetInt32();
            if (charges >= expected || DateTime.UtcNow > deadline)
            {
                return charges;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>One TestUpstream process over Streamable HTTP with its state in the given directory, and a client on it.</summary>
    private sealed class Upstream(Process process, McpClient client, ListeningProcess output) : IAsyncDisposable
    {
        private const string StateDirVariable = "TESTUPSTREAM_STATE_DIR";

        public McpClient Client { get; } = client;

        public static async Task<Upstream> StartAsync(string stateDir)
        {
            var psi = new ProcessStartInfo("dotnet");
            foreach (var arg in new[] { TestPaths.TestUpstreamDll, "--http", "--port", "0" })
            {
                psi.ArgumentList.Add(arg);
            }

            psi.Environment[StateDirVariable] = stateDir;
            var output = new ListeningProcess();
            var (process, endpoint) = await output.StartAsync(psi, "TestUpstream");
            var client = await McpClient.CreateAsync(new HttpClientTransport(
                new HttpClientTransportOptions { Endpoint = endpoint, TransportMode = HttpTransportMode.StreamableHttp }));
            return new Upstream(process, client, output);
        }

        /// <summary>Calls a tool that must succeed and returns its structuredContent.</summary>
        public async Task<JsonElement> CallAsync(string tool, Dictionary<string, object?> arguments)
        {
            var result = await Client.CallToolAsync(tool, arguments);
            var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
            // The SDK answers a tool's exception with a generic sentence; the upstream's log names the exception.
            Assert.True(result.IsError != true, $"{tool} failed: {text}\nTestUpstream's output:\n{output.Output}");
            using var textJson = JsonDocument.Parse(text);
            Assert.True(JsonElement.DeepEquals(textJson.RootElement, result.StructuredContent!.Value), $"{tool}: text and structuredContent differ");
            return result.StructuredContent.Value;
        }

        /// <summary>SIGKILL, as in a crash: nothing gets a chance to flush.</summary>
        public void Kill()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }
        }

        public async ValueTask DisposeAsync()
        {
            Kill();
            await Client.DisposeAsync();
            process.Dispose();
        }
    }
}
