using YamlDotNet.RepresentationModel;

namespace McpGateway.Connectors.Configuration;

/// <summary>Reads the <c>gateway:</c> section.</summary>
internal static class ServerConfigReader
{
    public static ServerConfig Read(YamlNodeReader r, YamlMappingNode? map)
    {
        const string P = "gateway";
        var d = new ServerConfig();
        if (map is null)
        {
            return d;
        }

        r.CheckKeys(map, P, "listen", "data_dir", "auth", "allow_unauthenticated_remote", "storage", "postgres", "instance_id", "allowed_origins",
            "max_sessions", "session_idle_timeout", "max_request_body", "otlp_endpoint", "log_format", "flows_dir", "max_concurrent_runs", "shutdown_grace",
            "instance_expiry", "max_flow_steps", "max_loop_items", "max_run_duration", "request_state_expiry", "startup_wait", "advertise_url");
        var auth = r.String(map, "auth", P) ?? d.Auth;
        if (auth is not ("none" or "keys"))
        {
            r.Error(YamlNodeReader.Get(map, "auth"), P + ".auth", $"expected 'none' or 'keys', got '{auth}'");
        }

        var storage = r.String(map, "storage", P) ?? d.Storage;
        if (storage is not ("sqlite" or "postgres"))
        {
            r.Error(YamlNodeReader.Get(map, "storage"), P + ".storage", $"expected 'sqlite' or 'postgres', got '{storage}'");
        }

        var postgres = r.String(map, "postgres", P);
        if (storage == "postgres" && string.IsNullOrWhiteSpace(postgres))
        {
            r.Error(map, P + ".postgres", "storage is 'postgres' but no 'postgres' connection string is set");
        }

        return new ServerConfig
        {
            Listen = r.String(map, "listen", P) ?? d.Listen,
            DataDir = r.String(map, "data_dir", P) ?? d.DataDir,
            Auth = auth,
            AllowUnauthenticatedRemote = r.Bool(map, "allow_unauthenticated_remote", P) ?? false,
            Storage = storage,
            PostgresConnectionString = postgres,
            InstanceId = r.String(map, "instance_id", P),
            AdvertiseUrl = AdvertiseUrl(r, map, P),
            AllowedOrigins = r.StringList(map, "allowed_origins", P) ?? d.AllowedOrigins,
            MaxSessions = (int)(r.Integer(map, "max_sessions", P, 1, 1_000_000) ?? d.MaxSessions),
            SessionIdleTimeout = r.Duration(map, "session_idle_timeout", P) ?? d.SessionIdleTimeout,
            MaxRequestBodyBytes = r.Size(map, "max_request_body", P) ?? d.MaxRequestBodyBytes,
            OtlpEndpoint = Otlp(r, map, P),
            LogFormat = LogFormat(r, map, P),
            FlowsDir = r.String(map, "flows_dir", P) ?? d.FlowsDir,
            MaxConcurrentRuns = (int)(r.Integer(map, "max_concurrent_runs", P, 1, 1024) ?? d.MaxConcurrentRuns),
            ShutdownGrace = r.Duration(map, "shutdown_grace", P) ?? d.ShutdownGrace,
            InstanceExpiry = InstanceExpiry(r, map, P) ?? d.InstanceExpiry,
            MaxFlowSteps = (int?)r.Integer(map, "max_flow_steps", P, 1, 100_000),
            MaxLoopItems = (int?)r.Integer(map, "max_loop_items", P, 1, 1_000_000),
            MaxRunDuration = RunDuration(r, map, P),
            RequestStateExpiry = RequestStateExpiry(r, map, P) ?? d.RequestStateExpiry,
            StartupWait = StartupWait(r, map, P) ?? d.StartupWait,
        };
    }

    private static string? AdvertiseUrl(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var url = r.String(map, "advertise_url", p);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/"))
        {
            r.Error(YamlNodeReader.Get(map, "advertise_url"), p + ".advertise_url", $"expected an http(s) URL with no path, like http://10.0.0.5:8080, got '{url}'");
            return null;
        }

        return url;
    }

    private static TimeSpan? InstanceExpiry(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var expiry = r.Duration(map, "instance_expiry", p);
        if (expiry is { } e && (e < TimeSpan.FromSeconds(1) || e > TimeSpan.FromHours(1)))
        {
            r.Error(YamlNodeReader.Get(map, "instance_expiry"), p + ".instance_expiry", $"expected a duration from 1s to 1h, got {e}");
            return null;
        }

        return expiry;
    }

    private static TimeSpan? RequestStateExpiry(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var expiry = r.Duration(map, "request_state_expiry", p);
        if (expiry is { } e && (e < TimeSpan.FromSeconds(1) || e > TimeSpan.FromHours(1)))
        {
            r.Error(YamlNodeReader.Get(map, "request_state_expiry"), p + ".request_state_expiry", $"expected a duration from 1s to 1h, got {e}");
            return null;
        }

        return expiry;
    }

    private static TimeSpan? StartupWait(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var wait = r.Duration(map, "startup_wait", p);
        if (wait is { } w && (w < TimeSpan.Zero || w > TimeSpan.FromMinutes(5)))
        {
            r.Error(YamlNodeReader.Get(map, "startup_wait"), p + ".startup_wait", $"expected a duration from 0s to 5m, got '{r.String(map, "startup_wait", p)}'");
            return null;
        }

        return wait;
    }

    private static TimeSpan? RunDuration(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var value = r.Duration(map, "max_run_duration", p);
        if (value is { } v && (v < TimeSpan.FromMinutes(1) || v > TimeSpan.FromDays(30)))
        {
            r.Error(YamlNodeReader.Get(map, "max_run_duration"), p + ".max_run_duration", $"expected a duration from 1m to 720h (30 days), got '{r.String(map, "max_run_duration", p)}'");
            return null;
        }

        return value;
    }

    private static string? LogFormat(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var format = r.String(map, "log_format", p);
        if (format is not (null or "text" or "json"))
        {
            r.Error(YamlNodeReader.Get(map, "log_format"), p + ".log_format", $"expected 'text' or 'json', got '{format}'");
            return null;
        }

        return format;
    }

    private static string? Otlp(YamlNodeReader r, YamlMappingNode map, string p)
    {
        var url = r.String(map, "otlp_endpoint", p);
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var u) || u.Scheme is not ("http" or "https")))
        {
            r.Error(YamlNodeReader.Get(map, "otlp_endpoint"), p + ".otlp_endpoint", $"expected an http(s) URL like http://127.0.0.1:4318, got '{url}'");
            return null;
        }

        return url;
    }
}
