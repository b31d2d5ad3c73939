using McpGateway.Connectors.Catalog;
using McpGateway.Connectors.Configuration;
using McpGateway.Connectors.Upstreams;
using McpGateway.Policy.Configuration;
using McpGateway.Policy.Stages.Approval;
using McpGateway.Policy.Stages.StateVerify;
using McpGateway.Policy.Tests.Stages.Approval;
using Microsoft.Extensions.Logging.Abstractions;

namespace McpGateway.Policy.Tests;

/// <summary>
/// The real collaborators some stages need (a catalog, a hub with no connectors, a state reader, a freezer whose
/// notifier has no webhook), over a fake approval store and a fake clock.
/// </summary>
internal sealed class StageHarness : IAsyncDisposable
{
    private readonly HttpClient _http = new();

    public StageHarness(PolicyConfig? policy = null)
    {
        Policy = new PolicyConfigSource(policy ?? new PolicyConfig());
        Hub = new UpstreamHub(Catalog, new SecretValues(), new UpstreamOptions(), Time, NullLoggerFactory.Instance);
        Reader = new StateReader(Catalog, Hub);
        Freezer = new ApprovalFreezer(Approvals, Reader, new ApprovalNotifier(Policy, _http, NullLogger<ApprovalNotifier>.Instance), Policy, Time);
    }

    public FakeTimeProvider Time { get; } = new(TestCalls.Start);

    public PolicyConfigSource Policy { get; }

    public ToolCatalog Catalog { get; } = new();

    public UpstreamHub Hub { get; }

    public StateReader Reader { get; }

    public FakeApprovalStore Approvals { get; } = new();

    public ApprovalFreezer Freezer { get; }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        _http.Dispose();
    }
}
