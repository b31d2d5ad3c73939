using System.Security.Cryptography;
using System.Text;

namespace TestUpstream.Conformance;

/// <summary>
/// An integrity-protected <c>requestState</c>: <c>{payload}.{HMAC-SHA256(payload) hex}</c> under a key drawn when the
/// process starts, so a state a client changed (or one from another process) fails verification.
/// </summary>
internal static class SignedRequestState
{
    private static readonly byte[] Key = RandomNumberGenerator.GetBytes(32);

    public static string Sign(string payload) => $"{payload}.{Mac(payload)}";

    /// <summary>The payload of a state this process signed, or null when it was changed or is not ours.</summary>
    public static string? Verify(string? state)
    {
        var separator = state?.LastIndexOf('.') ?? -1;
        if (state is null || separator <= 0 || separator == state.Length - 1)
        {
            return null;
        }

        var payload = state[..separator];
        var expected = Encoding.ASCII.GetBytes(Mac(payload));
        var given = Encoding.ASCII.GetBytes(state[(separator + 1)..]);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? payload : null;
    }

    private static string Mac(string payload) => Convert.ToHexString(HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(payload)));
}
