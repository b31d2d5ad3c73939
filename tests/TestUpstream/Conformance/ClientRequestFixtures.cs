using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace TestUpstream.Conformance;

/// <summary>
/// The suite's 2025-11-25 tools that ask the client during a call (server-to-client requests on the call's
/// stream): <c>test_sampling</c>, <c>test_elicitation</c>, <c>test_elicitation_sep1034_defaults</c> and
/// <c>test_elicitation_sep1330_enums</c>.
/// </summary>
internal static class ClientRequestFixtures
{
    public static IEnumerable<McpServerTool> Create()
    {
        yield return McpServerTool.Create(SamplingAsync, new()
        {
            Name = "test_sampling", Description = "Asks the client for an LLM completion (sampling/createMessage).", ReadOnly = true,
        });
        yield return McpServerTool.Create(ElicitationAsync, new()
        {
            Name = "test_elicitation", Description = "Asks the client for user input (elicitation/create).", ReadOnly = true,
        });
        yield return McpServerTool.Create(DefaultsAsync, new()
        {
            Name = "test_elicitation_sep1034_defaults",
            Description = "Elicitation whose schema has a default for every primitive type (SEP-1034).",
            ReadOnly = true,
        });
        yield return McpServerTool.Create(EnumsAsync, new()
        {
            Name = "test_elicitation_sep1330_enums",
            Description = "Elicitation whose schema has the five enum forms of SEP-1330.",
            ReadOnly = true,
        });
    }

    private static async Task<string> SamplingAsync(
        McpServer server, [Description("The prompt sent to the LLM.")] string prompt, CancellationToken cancellationToken)
    {
        var result = await server.SampleAsync(
            new CreateMessageRequestParams
            {
                Messages = [new SamplingMessage { Role = Role.User, Content = [new TextContentBlock { Text = prompt }] }],
                MaxTokens = 100,
            },
            cancellationToken);
        return "LLM response: " + string.Concat(result.Content.OfType<TextContentBlock>().Select(block => block.Text));
    }

    private static Task<string> ElicitationAsync(
        McpServer server, [Description("The message shown to the user.")] string message, CancellationToken cancellationToken) =>
        ElicitAsync(server, message, new ElicitRequestParams.RequestSchema
        {
            Properties =
            {
                ["username"] = new ElicitRequestParams.StringSchema { Description = "User's response" },
                ["email"] = new ElicitRequestParams.StringSchema { Description = "User's email address" },
            },
            Required = ["username", "email"],
        }, cancellationToken);

    private static Task<string> DefaultsAsync(McpServer server, CancellationToken cancellationToken) =>
        ElicitAsync(server, "Please review the fields (defaults filled in)", new ElicitRequestParams.RequestSchema
        {
            Properties =
            {
                ["name"] = new ElicitRequestParams.StringSchema { Description = "Name", Default = "John Doe" },
                ["age"] = new ElicitRequestParams.NumberSchema { Type = "integer", Description = "Age", Default = 30 },
                ["score"] = new ElicitRequestParams.NumberSchema { Description = "Score", Default = 95.5 },
                ["status"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Description = "Status", Enum = ["active", "inactive", "pending"], Default = "active",
                },
                ["verified"] = new ElicitRequestParams.BooleanSchema { Description = "Verified", Default = true },
            },
        }, cancellationToken);

    private static Task<string> EnumsAsync(McpServer server, CancellationToken cancellationToken) =>
        ElicitAsync(server, "Please pick options", new ElicitRequestParams.RequestSchema
        {
            Properties =
            {
                ["untitledSingle"] = new ElicitRequestParams.UntitledSingleSelectEnumSchema
                {
                    Description = "One option", Enum = ["option1", "option2", "option3"],
                },
                ["titledSingle"] = new ElicitRequestParams.TitledSingleSelectEnumSchema
                {
                    Description = "One option, titled",
                    OneOf =
                    [
                        new() { Const = "value1", Title = "First Option" },
                        new() { Const = "value2", Title = "Second Option" },
                        new() { Const = "value3", Title = "Third Option" },
                    ],
                },
#pragma warning disable MCP9001 // enumNames is the legacy form the suite checks on purpose.
                ["legacyEnum"] = new ElicitRequestParams.LegacyTitledEnumSchema
                {
                    Description = "One option, legacy titles",
                    Enum = ["opt1", "opt2", "opt3"],
                    EnumNames = ["Option One", "Option Two", "Option Three"],
                },
#pragma warning restore MCP9001
                ["untitledMulti"] = new ElicitRequestParams.UntitledMultiSelectEnumSchema
                {
                    Description = "Several options",
                    Items = new ElicitRequestParams.UntitledEnumItemsSchema { Enum = ["option1", "option2", "option3"] },
                },
                ["titledMulti"] = new ElicitRequestParams.TitledMultiSelectEnumSchema
                {
                    Description = "Several options, titled",
                    Items = new ElicitRequestParams.TitledEnumItemsSchema
                    {
                        AnyOf =
                        [
                            new() { Const = "value1", Title = "First Choice" },
                            new() { Const = "value2", Title = "Second Choice" },
                            new() { Const = "value3", Title = "Third Choice" },
                        ],
                    },
                },
            },
        }, cancellationToken);

    private static async Task<string> ElicitAsync(
        McpServer server, string message, ElicitRequestParams.RequestSchema schema, CancellationToken cancellationToken)
    {
        var result = await server.ElicitAsync(new ElicitRequestParams { Message = message, RequestedSchema = schema }, cancellationToken);
        var content = result.Content is null ? "{}" : JsonSerializer.Serialize(result.Content);
        return $"Elicitation completed: action={result.Action}, content={content}";
    }
}
