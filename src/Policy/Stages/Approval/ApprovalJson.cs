using System.Text.Json.Nodes;
using System.Text.Json;
using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Pipeline;

namespace McpGateway.Policy.Stages.Approval;

/// <summary>How the parts of a frozen checkpoint are written to and read from the approval record.</summary>
public static class ApprovalJson
{
    /// <summary>snake_case, nulls left out.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The contract as JSON.</summary>
    public static string? Contract(ApprovalContractConfig? contract) => contract is null ? null : JsonSerializer.Serialize(contract, Options);

    /// <summary>The contract from JSON.</summary>
    public static ApprovalContractConfig? Contract(string? json) => json is null ? null : JsonSerializer.Deserialize<ApprovalContractConfig>(json, Options);

    /// <summary>The entity claim as JSON.</summary>
    public static string? Entity(EntityClaim? entity) => entity is null ? null : JsonSerializer.Serialize(entity, Options);

    /// <summary>The entity claim from JSON.</summary>
    public static EntityClaim? Entity(string? json) => json is null ? null : JsonSerializer.Deserialize<EntityClaim>(json, Options);

    /// <summary>The caller context (surface, session, env, workflow, action, the rule's approver, the ids of the keys bounding it) as JSON.</summary>
    public static string Context(ToolCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var json = new JsonObject
        {
            ["surface"] = context.Caller.Surface,
            ["session_id"] = context.Caller.SessionId,
            ["env"] = context.Caller.Env,
            ["workflow"] = context.Caller.Workflow,
            ["action"] = context.Caller.Action,
        };
        if (context.ApprovalRule?.Rule.Approver is { } approver)
        {
            json["approver"] = approver;
        }

        if (context.Caller.Bounds.Count > 0)
        {
            json["bounds"] = new JsonArray(context.Caller.Bounds.Select(b => (JsonNode)b.Id).ToArray());
        }

        return json.ToJsonString();
    }

    /// <summary>
    /// Who the rule that held the call named to decide it (<c>human</c> or <c>client</c>), from the stored context; null
    /// for a call held without a rule (an escalated failure) or frozen before this was recorded.
    /// </summary>
    public static string? Approver(string? contextJson) =>
        ParseObject(contextJson)?["approver"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>The ids of the keys that bounded the frozen call (see <see cref="CallerIdentity.Bounds"/>).</summary>
    public static IReadOnlyList<string> Bounds(JsonObject context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context["bounds"] is JsonArray ids ? ids.Select(i => i?.GetValue<string>() ?? "").ToList() : [];
    }

    /// <summary>A JSON object from text, or null.</summary>
    public static JsonObject? ParseObject(string? json) => json is null ? null : JsonNode.Parse(json) as JsonObject;
}
