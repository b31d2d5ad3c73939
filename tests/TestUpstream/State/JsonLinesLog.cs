using System.Text;
using System.Text.Json;

namespace TestUpstream.State;

/// <summary>
/// An append-only list of records: one JSON object per line in a file (flushed to disk before
/// <see cref="Append"/> returns), or a list in memory when there is no file. Not thread-safe on its own: callers hold
/// <see cref="StateDirectory.Locked{T}"/>.
/// </summary>
internal sealed class JsonLinesLog<T>(string? path)
{
    private readonly List<T> _memory = [];

    public List<T> ReadAll()
    {
        if (path is null)
        {
            return [.. _memory];
        }

        if (!File.Exists(path))
        {
            return [];
        }

        return [.. File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<T>(line, StateJson.Options)
                ?? throw new InvalidDataException($"{path} holds a null record."))];
    }

    public void Append(T record)
    {
        if (path is null)
        {
            _memory.Add(record);
            return;
        }

        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(record, StateJson.Options) + "\n");
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        file.Write(line);
        file.Flush(flushToDisk: true);
    }

    public void Clear()
    {
        _memory.Clear();
        if (path is not null)
        {
            File.Delete(path);
        }
    }
}
