using System.Collections;

namespace McpGateway.Connectors.Upstreams;

/// <summary>
/// The environment an <c>mcp-stdio</c> upstream starts with: what a program needs to run (path, home, locale, temp and
/// proxy settings), plus what its connector's <c>env:</c> names; nothing else of the gateway's. The gateway's own settings
/// and secrets (<c>MCPGW_*</c>, database passwords, cloud credentials) never reach an upstream.
/// </summary>
internal static class ChildEnvironment
{
    private static readonly HashSet<string> s_passed = new(StringComparer.OrdinalIgnoreCase)
    {
        "PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE", "TZ", "TERM", "TMPDIR", "TEMP", "TMP",
        "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME",
        "HTTP_PROXY", "HTTPS_PROXY", "NO_PROXY", "SSL_CERT_FILE", "SSL_CERT_DIR", "DOTNET_ROOT",
        "SYSTEMROOT", "WINDIR", "COMSPEC", "PATHEXT", "USERPROFILE", "APPDATA", "LOCALAPPDATA", "PROGRAMDATA", "PROGRAMFILES",
    };

    /// <summary>The prefix of the gateway's own variables, never passed on, even if listed above by mistake.</summary>
    public const string GatewayPrefix = "MCPGW_";

    /// <summary>True when a variable of the gateway's environment passes to an upstream.</summary>
    public static bool Passes(string name) =>
        !name.StartsWith(GatewayPrefix, StringComparison.OrdinalIgnoreCase) &&
        (s_passed.Contains(name) || name.StartsWith("LC_", StringComparison.Ordinal));

    /// <summary>
    /// The variables to give the transport: every inherited one that does not pass is removed (a null value), and the
    /// connector's own are set.
    /// </summary>
    public static Dictionary<string, string?> For(IEnumerable<KeyValuePair<string, string>> configured)
    {
        var env = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && !Passes(name))
            {
                env[name] = null;
            }
        }

        foreach (var (name, value) in configured)
        {
            env[name] = value;
        }

        return env;
    }
}
