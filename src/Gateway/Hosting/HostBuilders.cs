namespace McpGateway.Hosting;

/// <summary>
/// The host builders every command uses: the .NET defaults, except that <c>appsettings.json</c> is read once and not
/// watched. The defaults watch it with a file watcher on the content root, the working folder, recursively: started
/// from <c>/</c> or a home folder (as a desktop client starts <c>mcpgw stdio</c>) that walks the whole tree before the
/// first answer. What the gateway watches is <c>connectors.yaml</c>'s folder and <c>flows_dir</c>, neither recursively.
/// </summary>
internal static class HostBuilders
{
    // The builders read this switch from DOTNET_ environment variables before they add appsettings.json; the slim web
    // builder reads no other source that early. An operator's own value is kept.
    private const string ReloadSwitch = "DOTNET_hostBuilder__reloadConfigOnChange";

    public static HostApplicationBuilder CreateApplicationBuilder() => WithoutConfigReload(() => Host.CreateApplicationBuilder());

    /// <summary>Calls a host builder's factory (the web host's too) with the reload switch off unless the operator set it.</summary>
    public static T WithoutConfigReload<T>(Func<T> create)
    {
        var before = Environment.GetEnvironmentVariable(ReloadSwitch);
        Environment.SetEnvironmentVariable(ReloadSwitch, before ?? "false");
        try
        {
            return create();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ReloadSwitch, before);
        }
    }
}
