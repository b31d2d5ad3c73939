using System.Net;
using System.Net.Sockets;

namespace McpGateway.Cli;

/// <summary>
/// Checks <c>gateway.listen</c> before anything starts, so a bad address or a port another process holds is one line
/// and exit code 2, not a stack trace after the upstreams and the recovery of other processes' work have started.
/// </summary>
internal static class ListenAddress
{
    /// <summary>Why the gateway cannot listen on <paramref name="listen"/>, in one line, or null when it can (as far as a trial bind tells).</summary>
    public static string? Problem(string listen)
    {
        var normalized = listen.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalized, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host.Length == 0)
        {
            return $"Cannot listen on '{listen}': gateway.listen (or --listen) must be an address like http://127.0.0.1:8080.";
        }

        IPAddress? address = uri.IsLoopback && !IPAddress.TryParse(uri.Host, out _) ? IPAddress.Loopback
            : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var parsed) ? parsed : null;
        if (address is null || uri.Port == 0)
        {
            // A host name binds wherever it resolves (Kestrel's concern); port 0 takes a free one.
            return null;
        }

        try
        {
            var trial = new TcpListener(address, uri.Port);
            trial.Start();
            trial.Stop();
            return null;
        }
        catch (SocketException ex)
        {
            return ex.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => $"Cannot listen on {listen}: port {uri.Port} is in use by another process (another gateway?). Stop it or choose another port with --listen.",
                SocketError.AccessDenied => $"Cannot listen on {listen}: permission denied (ports below 1024 need privileges); choose a port above 1023.",
                SocketError.AddressNotAvailable => $"Cannot listen on {listen}: {uri.Host} is not an address of this machine.",
                _ => $"Cannot listen on {listen}: {ex.Message}",
            };
        }
    }
}
