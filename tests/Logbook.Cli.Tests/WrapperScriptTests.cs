using System.Diagnostics;

namespace Logbook.Cli.Tests;

/// <summary>Runs the repository's <c>./logbook</c> wrapper as a real process (it builds the CLI in Release the first time).</summary>
public sealed class WrapperScriptTests : IDisposable
{
    private readonly string _workingDirectory = Directory.CreateDirectory(
        Path.Combine(Path.GetTempPath(), "logbook-wrapper-test-" + Guid.NewGuid().ToString("N"))).FullName;

    public void Dispose() => Directory.Delete(_workingDirectory, recursive: true);

    [Fact]
    public async Task Wrapper_runs_select_42_from_another_directory()
    {
        var wrapper = Path.Combine(FindRepositoryRoot(), "logbook");
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { wrapper, "sql", "select 42 as answer" },
            WorkingDirectory = _workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The outer `dotnet test` exports MSBuild settings that would steer the wrapper's own `dotnet build`.
        foreach (var name in start.Environment.Keys.Where(key => key.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        process.ExitCode.Should().Be(0, await stderr);
        output.Should().Contain("42");
        File.Exists(Path.Combine(_workingDirectory, "warehouse.duckdb")).Should().BeTrue("the project folder is the caller's current directory");
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Logbook.slnx")) && File.Exists(Path.Combine(directory.FullName, "logbook")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No repository root (with Logbook.slnx and ./logbook) above {AppContext.BaseDirectory}.");
    }
}
