using System.Diagnostics;

namespace Logbook.Server.Tests;

/// <summary>What one promtool run printed, and how it exited.</summary>
internal sealed record PromtoolRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"promtool exited {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}

/// <summary>
/// Runs <c>promtool</c> (Debian's <c>prometheus</c> package) from the repository root, so the paths of
/// <c>deploy/prometheus</c> read as in the docs. Missing, it fails the test with the command that installs it.
/// </summary>
internal static class Promtool
{
    public const string InstallHint = "apt-get install -y prometheus";

    public const string RulesFile = "deploy/prometheus/logbook-alerts.yml";

    public const string RulesTestFile = "deploy/prometheus/logbook-alerts.test.yml";

    private static readonly Lazy<string> s_repoRoot = new(FindRepoRoot);

    /// <summary>The folder with Logbook.slnx, found walking up from the test binaries.</summary>
    public static string RepoRoot => s_repoRoot.Value;

    public static string Executable => Find() ?? throw new InvalidOperationException(
        $"promtool is not installed (not on PATH, nor /usr/bin/promtool); the Prometheus rules and /metrics tests need it: {InstallHint}");

    /// <summary>Runs promtool with <paramref name="arguments"/>, writing <paramref name="stdin"/> to it when given.</summary>
    public static PromtoolRun Run(string? stdin, params string[] arguments)
    {
        var start = new ProcessStartInfo(Executable, arguments)
        {
            WorkingDirectory = RepoRoot,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Executable}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"promtool {string.Join(' ', arguments)} did not finish within 2 minutes");
        }

        return new PromtoolRun(process.ExitCode, output.Result, error.Result);
    }

    private static string? Find()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, "promtool"));
        return onPath.Append("/usr/bin/promtool").FirstOrDefault(File.Exists);
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Logbook.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no Logbook.slnx above {AppContext.BaseDirectory}: the tests run from the repository's build output");
    }
}
