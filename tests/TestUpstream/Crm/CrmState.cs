using System.Text.Json;
using TestUpstream.State;

namespace TestUpstream.Crm;

/// <summary>The CRM updates made so far; like charges, every call records a new update.</summary>
internal sealed class CrmState(StateDirectory directory, TimeProvider time)
{
    private readonly JsonLinesLog<CrmUpdate> _updates = directory.Log<CrmUpdate>("crm_updates.jsonl");

    public CrmUpdate Update(string customerId, Dictionary<string, JsonElement> fields) => directory.Locked(() =>
    {
        var updates = _updates.ReadAll();
        var sequence = updates.Count == 0 ? 1 : updates[^1].Sequence + 1;
        var version = updates.Count(update => string.Equals(update.CustomerId, customerId, StringComparison.Ordinal)) + 1;
        var update = new CrmUpdate(sequence, customerId, fields, version, time.GetUtcNow());
        _updates.Append(update);
        return update;
    });

    public List<CrmUpdate> All(string? customerId) =>
        [.. directory.Locked(_updates.ReadAll)
            .Where(update => customerId is null || string.Equals(update.CustomerId, customerId, StringComparison.Ordinal))];

    public void Reset() => directory.Locked(_updates.Clear);
}
