using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace McpGateway.IntegrationTests.Controlled;

/// <summary>A real loopback HTTP server that records every request it receives (webhook and OTLP collector stand-in).</summary>
internal sealed class HttpSink : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private readonly Func<HttpListenerRequest, byte[], (int Status, string? Json)>? _answer;

    /// <summary>A sink answering 200 with no body, or what <paramref name="answer"/> says (a status and JSON).</summary>
    public HttpSink(Func<HttpListenerRequest, byte[], (int Status, string? Json)>? answer = null)
    {
        _answer = answer;
        var port = FreePort();
        Url = $"http://127.0.0.1:{port}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public ConcurrentQueue<(string Path, string ContentType, byte[] Body)> Requests { get; } = new();

    public async Task<(string Path, string ContentType, byte[] Body)> WaitForAsync(Func<(string Path, string ContentType, byte[] Body), bool> match, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var r in Requests)
            {
                if (match(r))
                {
                    return r;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No matching request; got: {string.Join(", ", Requests.Select(r => r.Path))}");
    }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        _ = _loop.ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            Requests.Enqueue((context.Request.Url!.AbsolutePath, context.Request.ContentType ?? "", body.ToArray()));
            var (status, json) = _answer?.Invoke(context.Request, body.ToArray()) ?? (200, null);
            context.Response.StatusCode = status;
            if (json is not null)
            {
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(System.Text.Encoding.UTF8.GetBytes(json));
            }

            context.Response.Close();
        }
    }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
