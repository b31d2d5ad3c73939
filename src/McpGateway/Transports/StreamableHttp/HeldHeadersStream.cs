using System.Text;

namespace McpGateway.Transports.StreamableHttp;

/// <summary>
/// A stateless answer's response body whose flushes do nothing until the first byte is written, so the status line and
/// headers go out with the first message and the status can still follow from it (-32021 → 400 for an error an upstream
/// gave after a while). The SDK flushes the headers of a stateless answer after a short grace otherwise; an answer in
/// plain JSON would not send them earlier either. An answer given an error status is kept and written as the JSON of
/// its one message (<see cref="AnswerAsJson"/>): clients (the C# SDK's among them) read an error body only from JSON.
/// </summary>
internal sealed class HeldHeadersStream(Stream inner) : Stream
{
    private MemoryStream? _kept;
    private volatile bool _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Keeps what is written from now on, for <see cref="CompleteAsync"/> to write as JSON; only before the first write.</summary>
    public void AnswerAsJson()
    {
        if (!_written)
        {
            _kept ??= new MemoryStream();
        }
    }

    /// <summary>Writes a kept answer: the data of its event as <c>application/json</c>.</summary>
    public async Task CompleteAsync(HttpResponse response, CancellationToken ct)
    {
        if (_kept is null || response.HasStarted)
        {
            return;
        }

        var text = Encoding.UTF8.GetString(_kept.GetBuffer(), 0, (int)_kept.Length);
        var data = string.Join("\n", text.Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => l[5..].TrimStart()));
        response.ContentType = "application/json";
        response.Headers.CacheControl = "no-cache";
        var body = Encoding.UTF8.GetBytes(data);
        response.ContentLength = body.Length;
        await inner.WriteAsync(body, ct);
    }

    public override void Flush()
    {
        if (_written && _kept is null)
        {
            inner.Flush();
        }
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => _written && _kept is null ? inner.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Write(byte[] buffer, int offset, int count)
    {
        _written = true;
        (_kept ?? inner).Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        _written = true;
        return (_kept ?? inner).WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
