namespace TestUpstream;

/// <summary>What the process was asked to do.</summary>
internal enum CommandMode
{
    Invalid,
    Stdio,
    Http,
    EnvCheck,
}
