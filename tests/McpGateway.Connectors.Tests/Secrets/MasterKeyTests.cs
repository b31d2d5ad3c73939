using System.Security.Cryptography;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Connectors.Tests.Secrets;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class MasterKeyTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mcpgw-key-").FullName;

    private string KeyPath => Path.Combine(_dir, MasterKey.FileName);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Load_NoFileNoVariable_CreatesA32ByteFileWithMode0600()
    {
        var key = MasterKey.Load(_dir, null);

        Assert.Equal(KeyPath, key.Source);
        Assert.Equal(32, new FileInfo(KeyPath).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(KeyPath));
    }

    [Fact]
    public void Load_Twice_ReturnsTheSameKey()
    {
        var cipher = new SecretCipher(MasterKey.Load(_dir, null));
        var sealedValue = cipher.Seal("crm", "value"u8);

        var again = new SecretCipher(MasterKey.Load(_dir, null));

        Assert.Equal("value"u8.ToArray(), again.Open("crm", sealedValue));
    }

    [Fact]
    public void Load_FileOfWrongLength_IsRefusedWithAClearError()
    {
        File.WriteAllBytes(KeyPath, new byte[16]);
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var ex = Assert.Throws<InvalidOperationException>(() => MasterKey.Load(_dir, null));

        Assert.Contains("16 bytes, not 32", ex.Message, StringComparison.Ordinal);
        Assert.Equal(16, new FileInfo(KeyPath).Length);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead)]
    [InlineData(UnixFileMode.OtherRead)]
    public void Load_FileReadableByOthers_IsRefused(UnixFileMode extra)
    {
        File.WriteAllBytes(KeyPath, RandomNumberGenerator.GetBytes(32));
        File.SetUnixFileMode(KeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);

        var ex = Assert.Throws<InvalidOperationException>(() => MasterKey.Load(_dir, null));

        Assert.Contains("chmod 600", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FromVariable_UsesItAndWritesNoFile()
    {
        var key = MasterKey.Load(_dir, Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

        Assert.Equal(MasterKey.EnvironmentVariable, key.Source);
        Assert.False(File.Exists(KeyPath));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public void Load_BadVariable_IsRefused(string value)
    {
        var ex = Assert.Throws<InvalidOperationException>(() => MasterKey.Load(_dir, value));

        Assert.Contains(MasterKey.EnvironmentVariable, ex.Message, StringComparison.Ordinal);
    }
}
