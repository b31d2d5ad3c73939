using System.Security.Cryptography;
using System.Text;
using McpGateway.Connectors.Sealing;
namespace McpGateway.Flows.Triggers;

/// <summary>
/// Webhook secrets at rest: sealed with the connections' cipher (AES-256-GCM under the master key) with
/// <c>webhook:{flowId}</c> as associated data, stored as <c>sealed:v1:&lt;base64&gt;</c>. A secret stored in clear by an
/// earlier version still opens (as itself) until it is sealed on the next start.
/// </summary>
public sealed class WebhookSecrets(SecretCipher cipher)
{
    /// <summary>What a sealed secret's stored form starts with.</summary>
    public const string SealedPrefix = "sealed:v1:";

    /// <summary>True when <paramref name="stored"/> is sealed (not a clear secret from an earlier version).</summary>
    public static bool IsSealed(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return stored.StartsWith(SealedPrefix, StringComparison.Ordinal);
    }

    /// <summary>The stored form of <paramref name="secret"/> for flow <paramref name="flowId"/>.</summary>
    public string Seal(string flowId, string secret)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        ArgumentNullException.ThrowIfNull(secret);
        return SealedPrefix + Convert.ToBase64String(cipher.Seal(AssociatedData(flowId), Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>The secret stored as <paramref name="stored"/> for the flow; false when it does not open (another master key, changed, or another flow's).</summary>
    public bool TryOpen(string flowId, string stored, out string secret)
    {
        ArgumentNullException.ThrowIfNull(flowId);
        ArgumentNullException.ThrowIfNull(stored);
        secret = "";
        if (!IsSealed(stored))
        {
            secret = stored;
            return true;
        }

        try
        {
            secret = Encoding.UTF8.GetString(cipher.Open(AssociatedData(flowId), Convert.FromBase64String(stored[SealedPrefix.Length..])));
            return true;
        }
        catch (Exception ex) when (ex is CryptographicException or FormatException)
        {
            return false;
        }
    }

    private static string AssociatedData(string flowId) => "webhook:" + flowId;
}
