using System.Security.Cryptography;

namespace McpGateway.Connectors.Sealing;

/// <summary>
/// The 32-byte key that seals connection values: from <c>MCPGW_MASTER_KEY</c> (base64) when set, else from
/// <c>&lt;data_dir&gt;/master.key</c>, created on first start with mode 0600. A key file of the wrong length or
/// readable by group or others is refused, never silently replaced: replacing it would orphan every stored value.
/// </summary>
public sealed class MasterKey
{
    /// <summary>The environment variable that holds the key (base64 of 32 bytes).</summary>
    public const string EnvironmentVariable = "MCPGW_MASTER_KEY";

    /// <summary>The key file's name in the data directory.</summary>
    public const string FileName = "master.key";

    /// <summary>Key length in bytes (AES-256).</summary>
    public const int Size = 32;

    private MasterKey(byte[] bytes, string source)
    {
        Bytes = bytes;
        Source = source;
    }

    /// <summary>Where the key came from (the variable's name or the file's path), for the log; never the key.</summary>
    public string Source { get; }

    internal byte[] Bytes { get; }

    /// <summary>Wraps raw key bytes (tests, tools).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static MasterKey FromBytes(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return bytes.Length == Size ? new MasterKey((byte[])bytes.Clone(), "bytes") : throw new ArgumentException($"A master key is {Size} bytes.", nameof(bytes));
    }

    /// <summary>Loads the key from <paramref name="environmentValue"/> or the key file in <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="InvalidOperationException">The variable or the file is unusable; the message says why and how to fix it.</exception>
    public static MasterKey Load(string dataDirectory, string? environmentValue)
    {
        if (!string.IsNullOrWhiteSpace(environmentValue))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(environmentValue.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{EnvironmentVariable} is not valid base64; set it to 32 random bytes in base64 (openssl rand -base64 32).");
            }

            return bytes.Length == Size ? new MasterKey(bytes, EnvironmentVariable)
                : throw new InvalidOperationException($"{EnvironmentVariable} decodes to {bytes.Length} bytes; it must be {Size} bytes (openssl rand -base64 32).");
        }

        var path = Path.Combine(dataDirectory, FileName);
        return File.Exists(path) ? ReadFile(path) : CreateFile(path);
    }

    private static MasterKey ReadFile(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & (UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)) != 0)
            {
                throw new InvalidOperationException($"The master key file {path} is readable or writable by group or others; run chmod 600 on it.");
            }
        }

        var bytes = File.ReadAllBytes(path);
        return bytes.Length == Size ? new MasterKey(bytes, path)
            : throw new InvalidOperationException($"The master key file {path} holds {bytes.Length} bytes, not {Size}; restore the right file or set {EnvironmentVariable}.");
    }

    private static MasterKey CreateFile(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = RandomNumberGenerator.GetBytes(Size);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            // Created with 0600 from the start, so the key is never readable by others, even for a moment.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var file = new FileStream(path, options);
            file.Write(bytes);
        }
        catch (IOException) when (File.Exists(path))
        {
            // Another process (a second replica on the same disk) created it first: use theirs.
            return ReadFile(path);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return new MasterKey(bytes, path);
    }
}
