using System.Globalization;
using System.Text;

namespace Logbook.Bench;

/// <summary>What every benchmark's report shares: the machine and its load, and where the report is written.</summary>
internal static class BenchReport
{
    /// <summary>
    /// `dotnet run` (and the build servers it used) stay busy for a few seconds after starting us: wait, up to
    /// 20 s, for the other processes to quiet down, and return their CPU share over the last 2 s.
    /// </summary>
    public static double? SettleDown()
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        double? busy;
        do
        {
            busy = MachineInfo.CpuBusy(TimeSpan.FromSeconds(2));
            Measurement.Progress($"CPU used by other processes: {busy:P0}");
        }
        while (busy > 0.10 && DateTime.UtcNow < deadline);

        return busy;
    }

    /// <summary>The "## Machine" section, with a warning when <paramref name="load"/> was busy.</summary>
    public static void AppendMachine(StringBuilder text, MachineInfo machine, object duckDbThreads, Load load, string busyWarning)
    {
        text.AppendLine("## Machine").AppendLine();
        text.AppendLine("| | |").AppendLine("|---|---|");
        text.AppendLine($"| CPUs (nproc) | {machine.ProcessorCount} |");
        text.AppendLine($"| CPU model | {machine.CpuModel} |");
        text.AppendLine($"| Memory | {machine.TotalMemory} |");
        text.AppendLine($"| OS | {machine.OperatingSystem} |");
        text.AppendLine($"| .NET | {machine.DotNet}, GC {machine.GcMode} |");
        text.AppendLine($"| DuckDB | {machine.DuckDbVersion}, threads = {duckDbThreads} |");
        text.AppendLine($"| Other load | CPU used by other processes (share of all CPUs, over 2 s while the benchmark was idle): {load.Before:P0} before, {load.After:P0} after |");
        text.AppendLine();
        if (load.Busy)
        {
            text.AppendLine($"> **Warning:** other processes were using the CPUs when this ran; {busyWarning} Re-run on an idle machine.");
            text.AppendLine();
        }
    }

    /// <summary>Every run of a series, in order, for the reports' "Runs" columns.</summary>
    public static string Runs(IEnumerable<double> values, string format = "N3") =>
        string.Join(", ", values.Select(s => s.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>Prints the report to stdout and writes its files (<see cref="Write"/>).</summary>
    public static void Publish(string directory, string name, DateTime started, string report)
    {
        Console.WriteLine(report);
        Write(directory, name, started, report);
    }

    /// <summary>Writes <c>&lt;name&gt;-&lt;yyyyMMdd-HHmmss&gt;.md</c> (UTC start time) and its copy <c>&lt;name&gt;-latest.md</c>.</summary>
    public static void Write(string directory, string name, DateTime started, string report)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"{name}-{started:yyyyMMdd-HHmmss}.md");
        var latest = Path.Combine(directory, $"{name}-latest.md");
        File.WriteAllText(file, report);
        File.Copy(file, latest, overwrite: true);
        Measurement.Progress($"wrote {file}");
        Measurement.Progress($"wrote {latest}");
    }
}

/// <summary>A fresh folder under the system temp folder for a benchmark's files, deleted (with a progress line) on dispose.</summary>
internal sealed class TemporaryFolder : IDisposable
{
    public TemporaryFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"logbook-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public void Dispose()
    {
        Measurement.Progress($"deleting {Path}");
        Directory.Delete(Path, recursive: true);
    }
}

/// <summary>The process's peak resident set (<c>VmHWM</c>), and its reset.</summary>
internal static class PeakMemory
{
    /// <summary>Writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one (Linux 4.0+).</summary>
    public static void Reset()
    {
        try
        {
            File.WriteAllText("/proc/self/clear_refs", "5");
        }
        catch (IOException)
        {
            // Without it the peak covers the whole process, generation included: an upper bound.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>The peak resident set since the last <see cref="Reset"/> (or the process's start), or -1 when unknown.</summary>
    public static long Bytes()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        // "VmHWM:\t 123456 kB": a tab, then spaces only while the number is short of the field's width.
        var kib = line?.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries)[1];
        return kib is null ? -1 : long.Parse(kib, CultureInfo.InvariantCulture) * 1024;
    }
}

/// <summary>The CPU share other processes used before and after a benchmark.</summary>
internal sealed record Load(double? Before, double? After)
{
    /// <summary>More than 10 % of the machine busy before or after: someone else was running.</summary>
    public bool Busy => Before > 0.10 || After > 0.10;
}
