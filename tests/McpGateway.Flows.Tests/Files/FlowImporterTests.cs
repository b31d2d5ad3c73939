using McpGateway.Flows.Files;
using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Files;

public sealed class FlowImporterTests
{
    private const string Document = """
        name: imported
        description: From a file.
        folder: billing
        tags: [a]
        steps:
          - { key: make, type: transform, value: 1 }
        """;

    private readonly FlowHarness _h = new();

    [Fact]
    public async Task ImportAsync_NewDocument_CreatesPublishesAndEnablesInItsFolder()
    {
        var result = await new FlowImporter(_h.Service).ImportAsync(FlowFile.Parse(Document), "file:imported.yaml", CancellationToken.None);

        Assert.True(result.Ok, result.Error?.Message);
        var flow = result.Value!.Flow;
        Assert.Equal((FlowStatuses.Enabled, 1, true, true), (flow.Status, flow.PublishedVersion, result.Value.Created, result.Value.NewVersion));
        Assert.Equal("billing", (await _h.Service.ListFoldersAsync(CancellationToken.None)).Single(f => f.Id == flow.FolderId).Name);
    }

    [Fact]
    public async Task ImportAsync_SameDocumentAgain_ChangesNothing()
    {
        var importer = new FlowImporter(_h.Service);
        var first = await importer.ImportAsync(FlowFile.Parse(Document), "file:imported.yaml", CancellationToken.None);
        _h.Time.Advance(TimeSpan.FromHours(1));

        var again = await importer.ImportAsync(FlowFile.Parse(Document), "file:imported.yaml", CancellationToken.None);

        Assert.False(again.Value!.NewVersion);
        Assert.False(again.Value.Created);
        Assert.Equal(first.Value!.Flow.UpdatedAt, again.Value.Flow.UpdatedAt);
        Assert.Single((await _h.Service.ListVersionsAsync("imported", CancellationToken.None)).Value!);
    }

    [Fact]
    public async Task ImportAsync_FolderChanged_MovesTheFlow()
    {
        var importer = new FlowImporter(_h.Service);
        await importer.ImportAsync(FlowFile.Parse(Document), "file:imported.yaml", CancellationToken.None);

        var moved = await importer.ImportAsync(FlowFile.Parse(Document.Replace("folder: billing", "folder: ops", StringComparison.Ordinal)), "file:imported.yaml", CancellationToken.None);

        Assert.Equal("ops", (await _h.Service.ListFoldersAsync(CancellationToken.None)).Single(f => f.Id == moved.Value!.Flow.FolderId).Name);
    }
}
