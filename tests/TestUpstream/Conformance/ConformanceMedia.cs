namespace TestUpstream.Conformance;

/// <summary>The binary payloads the conformance fixtures return: a 1x1 PNG and a minimal WAV, base64.</summary>
internal static class ConformanceMedia
{
    public const string PngBase64 =
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==";

    public const string WavBase64 = "UklGRiYAAABXQVZFZm10IBAAAAABAAEAQB8AAAB9AAACABAAZGF0YQIAAAA=";

    public static byte[] Png => Convert.FromBase64String(PngBase64);

    public static byte[] Wav => Convert.FromBase64String(WavBase64);
}
