using System.Security.Cryptography;

namespace McpGateway.Flows.Model;

/// <summary>New ids: a prefix and 16 random hex digits (<c>flw_</c>, <c>fld_</c>, <c>run_</c>).</summary>
internal static class FlowIds
{
    public static string New(string prefix) => prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
}
