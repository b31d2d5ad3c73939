using McpGateway.Flows.Model;

namespace McpGateway.Flows.Tests.Model;

public sealed class FlowServiceTests
{
    private const string Valid = """{"steps":[{"key":"a","type":"transform","value":1}]}""";
    private const string Invalid = """{"steps":[{"key":"a","type":"nope"}]}""";

    private readonly FlowHarness _h = new();

    private FlowService Service => _h.Service;

    [Theory]
    [InlineData("Upper")]
    [InlineData("-dash")]
    [InlineData("has space")]
    [InlineData("")]
    public async Task CreateFlowAsync_BadName_Invalid(string name)
    {
        var result = await Service.CreateFlowAsync(new FlowDraft { Name = name }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, result.Error!.Code);
    }

    [Fact]
    public async Task CreateFlowAsync_NameTooLong_Invalid()
    {
        var result = await Service.CreateFlowAsync(new FlowDraft { Name = new string('a', 59) }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, result.Error!.Code);
    }

    [Fact]
    public async Task CreateFlowAsync_WithDefinition_DisabledWithVersion1AndIds()
    {
        var result = await Service.CreateFlowAsync(new FlowDraft { Name = "refunds", Definition = FlowHarness.Json(Valid) }, CancellationToken.None);

        Assert.StartsWith("flw_", result.Value!.Id, StringComparison.Ordinal);
        Assert.Equal(FlowStatuses.Disabled, result.Value.Status);
        var version = (await Service.GetVersionAsync("refunds", "latest", CancellationToken.None)).Value!;
        Assert.Equal(1, version.Number);
        Assert.True(version.Valid);
        Assert.Equal(64, version.Hash.Length);
    }

    [Fact]
    public async Task CreateFlowAsync_NameTaken_Conflict()
    {
        await Service.CreateFlowAsync(new FlowDraft { Name = "x" }, CancellationToken.None);

        var again = await Service.CreateFlowAsync(new FlowDraft { Name = "x" }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Conflict, again.Error!.Code);
    }

    [Fact]
    public async Task SaveVersionAsync_Invalid_StoredWithErrorsAndNotPublishable()
    {
        await Service.CreateFlowAsync(new FlowDraft { Name = "x" }, CancellationToken.None);

        var saved = await Service.SaveVersionAsync("x", FlowHarness.Json(Invalid), "draft", "tester", CancellationToken.None);
        var publish = await Service.ApplyAsync("x", new FlowOperation { Type = "publish" }, CancellationToken.None);

        Assert.False(saved.Value!.Valid);
        Assert.Contains(saved.Value.Errors, e => e.Contains("unknown step type 'nope'", StringComparison.Ordinal));
        Assert.Equal(FlowErrorCodes.Invalid, publish.Error!.Code);
        Assert.NotEmpty(publish.Error.Errors!);
    }

    [Fact]
    public async Task ApplyAsync_PublishEnableDisableRenameDelete_EachRaisesToolsChanged()
    {
        var changes = 0;
        Service.ToolsChanged += () => changes++;
        await Service.CreateFlowAsync(new FlowDraft { Name = "x", Definition = FlowHarness.Json(Valid) }, CancellationToken.None);

        await Service.ApplyAsync("x", new FlowOperation { Type = "publish" }, CancellationToken.None);
        await Service.ApplyAsync("x", new FlowOperation { Type = "enable" }, CancellationToken.None);
        Assert.Single(await Service.ListToolFlowsAsync(CancellationToken.None));
        await Service.ApplyAsync("x", new FlowOperation { Type = "disable" }, CancellationToken.None);
        Assert.Empty(await Service.ListToolFlowsAsync(CancellationToken.None));
        await Service.ApplyAsync("x", new FlowOperation { Type = "rename", Name = "y" }, CancellationToken.None);
        await Service.DeleteFlowAsync("y", CancellationToken.None);

        Assert.Equal(5, changes);
        Assert.Null(await Service.GetFlowAsync("y", CancellationToken.None));
    }

    [Fact]
    public async Task ApplyAsync_Rollback_CopiesOldDefinitionAsNewVersion()
    {
        await Service.CreateFlowAsync(new FlowDraft { Name = "x", Definition = FlowHarness.Json(Valid) }, CancellationToken.None);
        await Service.SaveVersionAsync("x", FlowHarness.Json("""{"steps":[{"key":"b","type":"transform","value":2}]}"""), null, null, CancellationToken.None);

        var rolled = await Service.ApplyAsync("x", new FlowOperation { Type = "rollback", Version = "1" }, CancellationToken.None);

        Assert.True(rolled.Ok);
        var versions = (await Service.ListVersionsAsync("x", CancellationToken.None)).Value!;
        Assert.Equal([3, 2, 1], versions.Select(v => v.Number));
        Assert.Equal(versions[2].Hash, versions[0].Hash);
    }

    [Fact]
    public async Task ApplyAsync_UnknownOperation_Invalid()
    {
        await Service.CreateFlowAsync(new FlowDraft { Name = "x" }, CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Invalid, (await Service.ApplyAsync("x", new FlowOperation { Type = "explode" }, CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task Folders_CreateMoveListDelete_NonEmptyIsConflict()
    {
        var folder = (await Service.CreateFolderAsync("billing", CancellationToken.None)).Value!;
        await Service.CreateFlowAsync(new FlowDraft { Name = "x", Folder = "billing" }, CancellationToken.None);
        await Service.CreateFlowAsync(new FlowDraft { Name = "y" }, CancellationToken.None);

        var inFolder = (await Service.ListFlowsAsync("billing", CancellationToken.None)).Value!;
        var notEmpty = await Service.DeleteFolderAsync("billing", CancellationToken.None);
        await Service.ApplyAsync("x", new FlowOperation { Type = "move", Folder = null }, CancellationToken.None);
        var deleted = await Service.DeleteFolderAsync(folder.Id, CancellationToken.None);

        Assert.StartsWith("fld_", folder.Id, StringComparison.Ordinal);
        Assert.Equal(["x"], inFolder.Select(f => f.Name));
        Assert.Equal(FlowErrorCodes.Conflict, notEmpty.Error!.Code);
        Assert.True(deleted.Ok);
        Assert.Equal(FlowErrorCodes.NotFound, (await Service.ListFlowsAsync("billing", CancellationToken.None)).Error!.Code);
    }

    [Fact]
    public async Task CreateFlowAsync_FolderMissing_CreatedByName()
    {
        await Service.CreateFlowAsync(new FlowDraft { Name = "x", Folder = "ops" }, CancellationToken.None);

        Assert.Equal(["ops"], (await Service.ListFoldersAsync(CancellationToken.None)).Select(f => f.Name));
    }

    [Fact]
    public async Task RenameFolderAsync_NameTaken_Conflict()
    {
        await Service.CreateFolderAsync("a", CancellationToken.None);
        await Service.CreateFolderAsync("b", CancellationToken.None);

        Assert.Equal(FlowErrorCodes.Conflict, (await Service.RenameFolderAsync("a", "b", CancellationToken.None)).Error!.Code);
    }
}
