using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.Entity;
using McpGateway.Policy.Stages.Failure;
using McpGateway.Policy.Stages.Idempotency;
using McpGateway.Policy.Stages.Journal;
using McpGateway.Policy.Stages.RateLimit;
using McpGateway.Policy.Stages.Reconcile;
using McpGateway.Policy.Stages.Resolve;
using McpGateway.Policy.Stages.Rules;
using McpGateway.Policy.Stages.Schema;
using McpGateway.Policy.Stages.Scope;
using McpGateway.Policy.Stages.StateVerify;
using McpGateway.Policy.Stages.Upstream;

namespace McpGateway.Policy.Pipeline;

/// <summary>Every stage, handed to <see cref="ToolCallPipelineBuilder.Build"/> (which alone decides their order).</summary>
public sealed record ToolCallStages(
    JournalStage Journal,
    ResolveStage Resolve,
    ScopeStage Scope,
    RateLimitStage Limit,
    SchemaStage Schema,
    EntityStage Entity,
    RulesStage Rules,
    IdempotencyStage Idempotency,
    ApprovalStage Approval,
    StateVerifyStage Verify,
    FailureStage Failure,
    ReconcileStage Reconcile,
    UpstreamStage Upstream);
