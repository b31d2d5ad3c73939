using System.Security.Cryptography;
using System.Text;

namespace McpGateway.Connectors.Sealing;

/// <summary>
/// AES-256-GCM over connection values: a fresh random 12-byte nonce per seal, a 16-byte tag, and the connection's
/// name as associated data, so a sealed value copied to another name does not open.
/// </summary>
public sealed class SecretCipher
{
    /// <summary>Nonce length in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>Tag length in bytes.</summary>
    public const int TagSize = 16;

    private readonly byte[] _key;

    /// <summary>Creates the cipher over a 32-byte master key.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public SecretCipher(MasterKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key.Bytes;
    }

    /// <summary>Seals <paramref name="plaintext"/> for the connection <paramref name="name"/>: nonce + tag + ciphertext.</summary>
    public byte[] Seal(string name, ReadOnlySpan<byte> plaintext)
    {
        ArgumentNullException.ThrowIfNull(name);
        var output = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key, TagSize);
        aes.Encrypt(nonce, plaintext, output.AsSpan(NonceSize + TagSize), output.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(name));
        return output;
    }

    /// <summary>Opens what <see cref="Seal"/> made for the same name.</summary>
    /// <exception cref="CryptographicException">The data was changed, sealed for another name, or with another key.</exception>
    public byte[] Open(string name, ReadOnlySpan<byte> sealedValue)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (sealedValue.Length < NonceSize + TagSize)
        {
            throw new CryptographicException("The sealed value is too short.");
        }

        var plaintext = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedValue[..NonceSize], sealedValue[(NonceSize + TagSize)..], sealedValue.Slice(NonceSize, TagSize), plaintext, Encoding.UTF8.GetBytes(name));
        return plaintext;
    }
}
