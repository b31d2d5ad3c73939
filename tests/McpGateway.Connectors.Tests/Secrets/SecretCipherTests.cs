using System.Security.Cryptography;
using System.Text;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Connectors.Tests.Secrets;

public sealed class SecretCipherTests
{
    private static readonly SecretCipher Cipher = new(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)));

    [Fact]
    public void Open_WhatSealMade_ReturnsThePlaintext()
    {
        var sealedValue = Cipher.Seal("crm", "hunter22"u8);

        var opened = Cipher.Open("crm", sealedValue);

        Assert.Equal("hunter22", Encoding.UTF8.GetString(opened));
        Assert.Equal(SecretCipher.NonceSize + SecretCipher.TagSize + 8, sealedValue.Length);
    }

    [Fact]
    public void Seal_SameValueTwice_UsesAFreshNonceEachTime()
    {
        var a = Cipher.Seal("crm", "hunter22"u8);
        var b = Cipher.Seal("crm", "hunter22"u8);

        Assert.NotEqual(a.AsSpan(0, SecretCipher.NonceSize).ToArray(), b.AsSpan(0, SecretCipher.NonceSize).ToArray());
        Assert.NotEqual(a, b);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(SecretCipher.NonceSize)]
    [InlineData(SecretCipher.NonceSize + SecretCipher.TagSize)]
    public void Open_TamperedByte_Fails(int index)
    {
        var sealedValue = Cipher.Seal("crm", "hunter22"u8);
        sealedValue[index] ^= 0x01;

        Assert.ThrowsAny<CryptographicException>(() => Cipher.Open("crm", sealedValue));
    }

    [Fact]
    public void Open_UnderAnotherName_Fails()
    {
        var sealedValue = Cipher.Seal("crm", "hunter22"u8);

        Assert.ThrowsAny<CryptographicException>(() => Cipher.Open("billing", sealedValue));
    }

    [Fact]
    public void Open_WithAnotherKey_Fails()
    {
        var sealedValue = Cipher.Seal("crm", "hunter22"u8);
        var other = new SecretCipher(MasterKey.FromBytes(RandomNumberGenerator.GetBytes(32)));

        Assert.ThrowsAny<CryptographicException>(() => other.Open("crm", sealedValue));
    }

    [Fact]
    public void Open_TooShort_Fails()
    {
        Assert.ThrowsAny<CryptographicException>(() => Cipher.Open("crm", new byte[10]));
    }
}
