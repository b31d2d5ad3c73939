using Spectre.Console;

namespace McpGateway.Cli;

/// <summary>A spinner with a label while the user waits, on a terminal only: piped or redirected, nothing is drawn.</summary>
internal static class CliProgress
{
    public static Task<T> WhileAsync<T>(string label, Func<Task<T>> work)
    {
        if (Console.IsOutputRedirected || Console.IsErrorRedirected)
        {
            return work();
        }

        return AnsiConsole.Status().Spinner(Spinner.Known.Dots).StartAsync(Markup.Escape(label), _ => work());
    }
}
