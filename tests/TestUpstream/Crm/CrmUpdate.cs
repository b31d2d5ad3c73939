using System.Text.Json;

namespace TestUpstream.Crm;

/// <summary>
/// One recorded CRM update; a line of <c>crm_updates.jsonl</c> and an item of <c>crm_updates</c>. Its version is the
/// customer's record version after this update: 1 for its first.
/// </summary>
internal sealed record CrmUpdate(
    long Sequence,
    string CustomerId,
    Dictionary<string, JsonElement> Fields,
    int Version,
    DateTimeOffset UpdatedAt);
