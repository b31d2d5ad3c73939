using System.Text;
using McpGateway.Policy.Hashing;

namespace McpGateway.Policy.Tests.Hashing;

public sealed class Sha256Tests
{
    // FIPS 180-4 examples (NIST's "SHA256.pdf" and "SHA2_Additional.pdf").
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    public void HexOf_StandardVectors(string message, string expected) => Assert.Equal(expected, Sha256.HexOf(Encoding.ASCII.GetBytes(message)));

    [Fact]
    public void HexOf_MillionA() =>
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Sha256.HexOf(Encoding.ASCII.GetBytes(new string('a', 1_000_000))));

    // Every length around the one- and two-block padding boundaries (55/56, 63/64, 119/120 bytes) and well past them.
    [Fact]
    public void HashData_EveryLengthUpTo300_MatchesPlatform()
    {
        var random = new Random(20261123);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            var hash = new byte[Sha256.HashSize];

            Sha256.HashData(data, hash);

            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), hash);
        }
    }

    [Fact]
    public void HashData_LargeInput_MatchesPlatform()
    {
        var data = new byte[1 << 20];
        new Random(7).NextBytes(data);

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(data)), Sha256.HexOf(data));
    }

    [Fact]
    public void HashData_DestinationTooShort_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Sha256.HashData([1, 2, 3], new byte[31]));
}
