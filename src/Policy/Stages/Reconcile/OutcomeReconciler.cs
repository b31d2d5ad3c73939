using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Catalog;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;

namespace McpGateway.Policy.Stages.Reconcile;

/// <summary>
/// Settles journal records whose outcome is unknown (left open by a crash, or on request): runs the tool's probe and
/// closes the record as reconciled (and completes its idempotency key with the evidence, so a repeat replays), failed
/// (the probe saw no effect; the key is freed), or unknown (no probe, or it failed; the key is marked
/// <see cref="IdempotencyStates.OutcomeUnknown"/>, so a repeat is told why and an operator can settle it).
/// </summary>
public sealed partial class OutcomeReconciler(
    IJournalStore journal,
    IIdempotencyStore idempotency,
    ToolCatalog catalog,
    Prober prober,
    TimeProvider time,
    ILogger<OutcomeReconciler> logger)
{
    /// <summary>How long to wait for the tool's connector to come up before giving up on a record.</summary>
    public TimeSpan ConnectWait { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Reconciles one open record; returns the verdict (reconciled, failed, unknown).</summary>
    public async Task<ReconcileVerdict> ReconcileAsync(ExecutionRecord record, CancellationToken cancellationToken)
    {
        var key = await idempotency.FindByExecutionAsync(record.ExecutionId, cancellationToken);
        if (key is { State: IdempotencyStates.Completed } done && done.ExecutionId == record.ExecutionId)
        {
            // The call finished and its key holds the result; only the close that should have ended this record failed
            // (the key was then completed on its own). The record ends as the key did: no probe, no guess.
            var status = done.OutcomeStatus ?? "completed";
            await CloseAsync(record, status, null, "key_completed", null);
            return new ReconcileVerdict(record.ExecutionId, status, "its idempotency key holds the call's result", null);
        }

        var card = await WaitForCardAsync(record, cancellationToken);
        if (card?.Probe is not { } probe)
        {
            var why = card is null ? "its tool is not available" : "its tool has no probe";
            await MarkUnknownAsync(key, record);
            await CloseAsync(record, "unknown", $"The gateway stopped before this call finished and {why}, so whether the upstream ran it is unknown.", "no_probe", null);
            return new ReconcileVerdict(record.ExecutionId, "unknown", why, null);
        }

        var args = JsonNode.Parse(record.ArgumentsJson) as JsonObject ?? [];
        var check = await prober.ProbeAsync(probe, card.Connector, args, cancellationToken);
        switch (check.Verdict)
        {
            case "succeeded":
                var result = ReconcileStage.Evidence(check, "the gateway stopped mid-call");
                if (key is { State: IdempotencyStates.InFlight })
                {
                    await idempotency.CompleteAsync(key.Key, record.ExecutionId, "reconciled", JsonSerializer.Serialize(result, McpJsonUtilities.DefaultOptions), CancellationToken.None);
                }

                await CloseAsync(record, "reconciled", null, check.Verdict, check.Evidence);
                Log.Reconciled(logger, record.ExecutionId, record.Tool);
                return new ReconcileVerdict(record.ExecutionId, "reconciled", check.Detail, check.Evidence);
            case "not_observed":
                if (key is { State: IdempotencyStates.InFlight })
                {
                    await idempotency.ReleaseAsync(key.Key, record.ExecutionId, CancellationToken.None);
                }

                await CloseAsync(record, "failed", "The gateway stopped mid-call; a probe shows the call did not take effect, so it is safe to call again.", check.Verdict, check.Evidence);
                return new ReconcileVerdict(record.ExecutionId, "failed", check.Detail, check.Evidence);
            default:
                await MarkUnknownAsync(key, record);
                await CloseAsync(record, "unknown", $"The gateway stopped mid-call and the probe failed ({check.Detail}); the outcome is unknown.", check.Verdict, null);
                return new ReconcileVerdict(record.ExecutionId, "unknown", check.Detail, null);
        }
    }

    /// <summary>
    /// The call may have acted and nothing can tell: its key must neither run a repeat nor wait for a call that is over.
    /// As outcome_unknown, a repeat is refused saying so, and <c>POST /v1/outcomes/reconcile</c> settles it.
    /// </summary>
    private async Task MarkUnknownAsync(IdempotencyRecord? key, ExecutionRecord record)
    {
        if (key is { State: IdempotencyStates.InFlight } && key.ExecutionId == record.ExecutionId)
        {
            await idempotency.MarkOutcomeUnknownAsync(key.Key, record.ExecutionId, CancellationToken.None);
        }
    }

    private async Task<CapabilityCard?> WaitForCardAsync(ExecutionRecord record, CancellationToken ct)
    {
        var deadline = time.GetUtcNow() + ConnectWait;
        while (true)
        {
            var snapshot = catalog.Current;
            if (snapshot.TryResolve(record.Tool, null, out var card) ||
                (record.Connector is { } c && snapshot.TryResolve(record.Tool, c, out card)))
            {
                return card;
            }

            if (time.GetUtcNow() >= deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
        }
    }

    private async Task CloseAsync(ExecutionRecord record, string status, string? error, string verdict, JsonObject? evidence)
    {
        var trace = new JsonObject
        {
            ["stages"] = new JsonArray(new JsonObject { ["stage"] = "reconcile", ["decision"] = verdict }),
            ["final_outcome"] = status,
            ["details"] = evidence is null ? null : new JsonObject { ["evidence"] = evidence.DeepClone() },
        };
        await journal.CloseAsync(new ExecutionClose(record.ExecutionId, record.Connector, time.GetUtcNow(), status, error, trace.ToJsonString()), CancellationToken.None);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Reconciled execution {ExecutionId} ({Tool}): the probe shows it took effect")]
        public static partial void Reconciled(ILogger logger, string executionId, string tool);
    }
}
