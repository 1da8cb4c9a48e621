using System.Diagnostics;

namespace Logbook.Build.Tests;

/// <summary>
/// build/LibDuckDb.targets: a fresh machine gets the pinned libduckdb by itself, and every failure is one clear
/// line. Each test builds a scratch project that imports the targets, with its own empty cache folder.
/// </summary>
public sealed class LibDuckDbTargetsTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("logbook-build-").FullName;

    private static string RepoRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Logbook.slnx")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Logbook.slnx not found above the test binaries.");
        }
    }

    private string CacheDir => Path.Combine(_scratch, "cache");

    [Fact]
    public void A_fresh_cache_fetches_verifies_and_copies_the_library_next_to_the_binaries()
    {
        var (exit, output) = Build();
        exit.Should().Be(0, output);
        var cached = Path.Combine(CacheDir, "libduckdb", "1.5.6-r.1", "libduckdb.so");
        File.Exists(cached).Should().BeTrue(output);
        File.Exists(Path.Combine(_scratch, "out", "libduckdb.so")).Should().BeTrue("the library is copied next to the binaries");
        Directory.GetDirectories(Path.Combine(CacheDir, "libduckdb")).Should().ContainSingle("the staging folder is removed");
    }

    [Fact]
    public void A_checksum_mismatch_fails_the_build_with_one_clear_line_and_caches_nothing()
    {
        var (exit, output) = Build("-p:LibDuckDbSha256=0000000000000000000000000000000000000000000000000000000000000000");
        exit.Should().NotBe(0);
        output.Should().Contain("libduckdb: SHA-256 mismatch for @duckdb/node-bindings-linux-x64@1.5.6-r.1");
        File.Exists(Path.Combine(CacheDir, "libduckdb", "1.5.6-r.1", "libduckdb.so")).Should().BeFalse();
    }

    [Fact]
    public void A_missing_npm_fails_the_build_with_one_clear_line()
    {
        var bin = Path.Combine(_scratch, "bin");
        Directory.CreateDirectory(bin);
        foreach (var tool in new[] { "sh", "bash", "tar", "mv", "dotnet" })
        {
            File.CreateSymbolicLink(Path.Combine(bin, tool), new FileInfo(Which(tool)).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Which(tool));
        }

        var (exit, output) = Build(path: bin);
        exit.Should().NotBe(0);
        output.Should().Contain("libduckdb: npm is not on PATH");
    }

    [Fact]
    public void An_override_pointing_nowhere_fails_the_build_with_one_clear_line()
    {
        var (exit, output) = Build(overrideLibrary: "/nonexistent/libduckdb.so");
        exit.Should().NotBe(0);
        output.Should().Contain("libduckdb: LOGBOOK_LIBDUCKDB points to '/nonexistent/libduckdb.so', which does not exist");
    }

    private (int Exit, string Output) Build(string extra = "", string? path = null, string? overrideLibrary = null)
    {
        File.WriteAllText(Path.Combine(_scratch, "Scratch.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup><TargetFramework>net10.0</TargetFramework><OutputPath>out/</OutputPath><AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup>
              <Import Project="{RepoRoot}/build/LibDuckDb.targets" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(_scratch, "Class1.cs"), "namespace Scratch; public static class C { }");
        var start = new ProcessStartInfo(Environment.ProcessPath!.EndsWith("dotnet", StringComparison.Ordinal) ? Environment.ProcessPath : Which("dotnet"))
        {
            WorkingDirectory = _scratch,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { "build", "-nologo", "-v:q", "-nodeReuse:false" }.Concat(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["LOGBOOK_CACHE_DIR"] = CacheDir;
        start.Environment.Remove("LOGBOOK_LIBDUCKDB");
        if (overrideLibrary is not null)
        {
            start.Environment["LOGBOOK_LIBDUCKDB"] = overrideLibrary;
        }

        if (path is not null)
        {
            start.Environment["PATH"] = path;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(TimeSpan.FromMinutes(5)).Should().BeTrue("the build finishes");
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    private static string Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':')
            .Select(dir => Path.Combine(dir, tool))
            .FirstOrDefault(File.Exists) ?? throw new InvalidOperationException($"{tool} not on PATH");

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
