using Logbook.TestSupport;

namespace Logbook.Cli.Tests;

/// <summary>
/// A temp folder that serves as current directory and home for one test, plus an in-process runner for the CLI.
/// Environment variables are the test's own (<see cref="Variables"/>), never the process's.
/// </summary>
internal sealed class CliFixture : IDisposable
{
    private readonly TempFolder _folder = new();

    public string Path => _folder.Path;

    public string Home => _folder.Home;

    public Dictionary<string, string> Variables => _folder.Variables;

    public CliRun Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr, _folder.Environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string Write(string relativePath, string text) => _folder.Write(relativePath, text);

    public string Read(string relativePath) => File.ReadAllText(System.IO.Path.Combine(Path, relativePath));

    public bool Exists(string relativePath) => File.Exists(System.IO.Path.Combine(Path, relativePath));

    /// <summary>Runs a query through <c>logbook sql -f csv</c> (plus <paramref name="options"/>) and returns its data lines, without the header.</summary>
    public IReadOnlyList<string> Query(string sql, params string[] options)
    {
        var run = Run(["sql", sql, "-f", "csv", .. options]);
        run.ExitCode.Should().Be(0, run.ToString());
        return run.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1..];
    }

    public void Dispose() => _folder.Dispose();
}

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
