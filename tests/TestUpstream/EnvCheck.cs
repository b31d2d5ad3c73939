namespace TestUpstream;

/// <summary><c>--env-check NAME</c>: shows what environment the launcher gave this process.</summary>
internal static class EnvCheck
{
    public static int Run(string name)
    {
        var value = Environment.GetEnvironmentVariable(name);
        if (value is null)
        {
            Console.Error.WriteLine($"environment variable '{name}' is not set");
            return 1;
        }

        Console.Out.WriteLine(value);
        return 0;
    }
}
