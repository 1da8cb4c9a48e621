using System.Runtime;
using System.Runtime.InteropServices;
using Logbook.DuckDb;

namespace Logbook.Bench;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(
    int ProcessorCount,
    string CpuModel,
    string TotalMemory,
    string OperatingSystem,
    string DotNet,
    string GcMode,
    string DuckDbVersion)
{
    public static MachineInfo Describe() => new(
        Environment.ProcessorCount,
        ReadCpuModel(),
        ReadTotalMemory(),
        ReadOperatingSystem(),
        $"{RuntimeInformation.FrameworkDescription} ({RuntimeInformation.ProcessArchitecture})",
        $"{(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}",
        DuckDbConnection.LibraryVersion);

    /// <summary>
    /// The share of all CPUs that <em>other</em> processes kept busy over <paramref name="interval"/> (from /proc/stat,
    /// minus this process's own CPU time from /proc/self/stat), or null when unknown. Sampled while the benchmark
    /// itself is idle, it tells whether something else was competing for the machine.
    /// </summary>
    public static double? CpuBusy(TimeSpan interval)
    {
        var first = CpuTimes();
        var ownFirst = OwnCpuTime();
        Thread.Sleep(interval);
        var second = CpuTimes();
        var ownSecond = OwnCpuTime();
        if (first is not { } a || second is not { } b || b.Total <= a.Total)
        {
            return null;
        }

        var busy = (b.Total - a.Total) - (b.Idle - a.Idle);
        var own = ownFirst is { } o1 && ownSecond is { } o2 ? o2 - o1 : 0;
        return Math.Clamp((double)(busy - own) / (b.Total - a.Total), 0, 1);
    }

    private static (long Idle, long Total)? CpuTimes()
    {
        // cpu  user nice system idle iowait irq softirq steal ...   (in clock ticks)
        var line = ReadLines("/proc/stat").FirstOrDefault(l => l.StartsWith("cpu ", StringComparison.Ordinal));
        if (line is null)
        {
            return null;
        }

        var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(long.Parse).ToArray();
        return fields.Length < 5 ? null : (fields[3] + fields[4], fields.Sum());
    }

    /// <summary>This process's user + system time in clock ticks (fields 14 and 15 of /proc/self/stat).</summary>
    private static long? OwnCpuTime()
    {
        var line = ReadLines("/proc/self/stat").FirstOrDefault();
        var close = line?.LastIndexOf(')') ?? -1;
        if (line is null || close < 0)
        {
            return null;
        }

        // After "pid (comm) " come the fields from 3 (state) on: utime is field 14, stime field 15.
        var fields = line[(close + 2)..].Split(' ');
        return fields.Length > 12 && long.TryParse(fields[11], out var user) && long.TryParse(fields[12], out var system) ? user + system : null;
    }

    /// <summary>
    /// Which source was measured: the commit, and whether <paramref name="paths"/> (for example src/Logbook.DuckDb)
    /// had uncommitted changes (benchmarks are often run on work in progress). "unknown" without git.
    /// </summary>
    public static string SourceOf(string repositoryRoot, params string[] paths)
    {
        var commit = Git(repositoryRoot, "rev-parse --short HEAD")?.Trim();
        if (string.IsNullOrEmpty(commit))
        {
            return "unknown (not a git checkout, or git is not installed)";
        }

        var changed = Git(repositoryRoot, $"status --porcelain -- {string.Join(' ', paths)}")?
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
        var where = string.Join(", ", paths.Select(p => $"{p}/"));
        return changed.Length == 0
            ? $"commit {commit}, no local changes under {where}"
            : $"commit {commit} plus uncommitted changes to {string.Join(", ", changed.Select(c => $"`{c}`"))}";
    }

    private static string? Git(string directory, string arguments)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", $"-C \"{directory}\" {arguments}")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd();
            git.WaitForExit();
            return git.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static string ReadCpuModel()
    {
        var line = ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
    }

    private static string ReadTotalMemory()
    {
        // MemTotal:       24523188 kB
        var line = ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var parts = line?.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts is { Length: >= 2 } && long.TryParse(parts[1], out var kb)
            ? $"{kb / 1024.0 / 1024.0:0.0} GiB"
            : $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024.0 / 1024.0:0.0} GiB (as seen by the GC)";
    }

    private static string ReadOperatingSystem()
    {
        var pretty = ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
        var name = pretty?["PRETTY_NAME=".Length..].Trim('"');
        var kernel = ReadLines("/proc/sys/kernel/osrelease").FirstOrDefault()?.Trim();
        return (name ?? RuntimeInformation.OSDescription) + (kernel is null ? "" : $", kernel {kernel}");
    }

    private static IEnumerable<string> ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (IOException)
        {
            return [];
        }
        catch (UnauthorizedAccessException)
        {
            return [];
        }
    }
}
