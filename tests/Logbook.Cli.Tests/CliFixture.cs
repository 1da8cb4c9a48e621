using Logbook.Core.Configuration;

namespace Logbook.Cli.Tests;

/// <summary>
/// A temp folder that serves as current directory and home for one test, plus an in-process runner for the CLI.
/// Environment variables are the test's own (<see cref="Variables"/>), never the process's.
/// </summary>
internal sealed class CliFixture : IDisposable
{
    public CliFixture()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "logbook-cli-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Home = Directory.CreateDirectory(System.IO.Path.Combine(Path, "home")).FullName;
    }

    public string Path { get; }

    public string Home { get; }

    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public CliRun Run(params string[] args)
    {
        var environment = new ConfigurationEnvironment
        {
            GetVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
            CurrentDirectory = Path,
            HomeDirectory = Home,
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = Program.Run(args, stdout, stderr, environment);
        return new CliRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
