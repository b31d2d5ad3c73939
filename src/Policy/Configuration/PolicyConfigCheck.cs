using McpGateway.Connectors.Configuration;
using McpGateway.Policy.Expressions;

namespace McpGateway.Policy.Configuration;

/// <summary>Checks every expression in <c>connectors.yaml</c> at load time: rule conditions, contract conditions, probe conditions.</summary>
public sealed class PolicyConfigCheck : IConfigCheck
{
    /// <inheritdoc />
    public void Check(GatewayConfig config, ICollection<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(errors);
        var file = config.SourcePath ?? "";
        CheckRules(config.Policy.Rules, file, errors);
        foreach (var connector in config.Connectors)
        {
            foreach (var tool in connector.Tools.Values)
            {
                CheckRules(tool.Rules, file, errors);
                if (tool.Probe is { } probe)
                {
                    CheckConditions(probe.SucceededWhen, file, errors);
                }
            }
        }
    }

    private static void CheckRules(IReadOnlyList<RuleConfig> rules, string file, ICollection<ConfigError> errors)
    {
        foreach (var rule in rules)
        {
            if (!string.IsNullOrWhiteSpace(rule.When) &&
                !ConditionExpression.TryParse(rule.When, PolicyExpressions.Roots, out _, out var error))
            {
                errors.Add(new ConfigError(file, rule.Path, rule.Line, $"bad expression '{ExpressionLimits.Quote(rule.When)}': {error!.Message}"));
            }

            if (rule.Contract is { } contract)
            {
                CheckConditions(contract.Conditions, file, errors);
            }
        }
    }

    private static void CheckConditions(IReadOnlyList<ConditionConfig> conditions, string file, ICollection<ConfigError> errors)
    {
        foreach (var c in conditions)
        {
            try
            {
                PolicyExpressions.Parse(c);
            }
            catch (ExpressionException ex)
            {
                errors.Add(new ConfigError(file, c.Path, c.Line, $"bad condition '{ExpressionLimits.Quote(c.Text)}': {ex.Message}"));
            }
        }
    }
}
