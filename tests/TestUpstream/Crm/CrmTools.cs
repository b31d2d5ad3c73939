using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using TestUpstream.State;
using TestUpstream.Tools;

namespace TestUpstream.Crm;

/// <summary><c>crm_update</c> records a change to a customer (again on every call); <c>crm_updates</c> lists them.</summary>
internal sealed class CrmTools(CrmState crm)
{
    private const string UpdateSchema = """
        {"type":"object","properties":{
          "customer_id":{"type":"string"},"updated":{"type":"array","items":{"type":"string"}},"version":{"type":"integer"}},
         "required":["customer_id","updated","version"]}
        """;

    private const string ListSchema = """
        {"type":"object","properties":{
          "updates":{"type":"array","items":{"type":"object","properties":{
            "sequence":{"type":"integer"},"customer_id":{"type":"string"},"fields":{"type":"object"},
            "version":{"type":"integer"},"updated_at":{"type":"string"}}}},
          "count":{"type":"integer"}},
         "required":["updates","count"]}
        """;

    public IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(Update, new()
        {
            Name = "crm_update",
            Description = "Sets fields on a customer record. Not idempotent: every call records an update and bumps the version.",
            Destructive = true,
            Idempotent = false,
            ReadOnly = false,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(UpdateSchema),
        });
        yield return McpServerTool.Create(Updates, new()
        {
            Name = "crm_updates",
            Description = "Every CRM update recorded since the last reset_state, oldest first; optionally for one customer.",
            ReadOnly = true,
            Idempotent = true,
            UseStructuredContent = true,
            OutputSchema = StateResults.Schema(ListSchema),
        });
    }

    private CallToolResult Update(
        [Description("The customer to update.")] string customer_id,
        [Description("Field names and their new values.")] Dictionary<string, JsonElement> fields)
    {
        if (string.IsNullOrWhiteSpace(customer_id))
        {
            return ToolResults.Error("customer_id must not be empty.");
        }

        if (fields is not { Count: > 0 })
        {
            return ToolResults.Error("fields must name at least one field to update.");
        }

        var update = crm.Update(customer_id, fields);
        return StateResults.Structured(new { update.CustomerId, Updated = update.Fields.Keys.ToList(), update.Version });
    }

    private CallToolResult Updates([Description("Only this customer's updates; all if omitted.")] string? customer_id = null)
    {
        var updates = crm.All(customer_id);
        return StateResults.Structured(new { Updates = updates, Count = updates.Count });
    }
}
