using System.Diagnostics;

namespace Logbook.Bench;

/// <summary>The timed runs of one measurement over <see cref="Rows"/> rows.</summary>
internal sealed class Measurement(string name, long rows, IReadOnlyList<double> seconds, long allocatedBytes)
{
    public string Name { get; } = name;

    public long Rows { get; } = rows;

    /// <summary>Wall-clock seconds of each timed run, in the order they ran.</summary>
    public IReadOnlyList<double> Seconds { get; } = seconds;

    public double Median => MedianOf(Seconds);

    public double Best => Seconds.Min();

    public double RowsPerSecond => Rows / Median;

    public double NanosecondsPerRow => Median * 1e9 / Rows;

    /// <summary>Managed bytes allocated by this thread per row, in the last timed run.</summary>
    public double AllocatedBytesPerRow => (double)allocatedBytes / Rows;

    /// <summary>
    /// Runs <paramref name="pass"/> once untimed (JIT tiering, DuckDB's buffer pool) unless
    /// <paramref name="warmUp"/> is false, then <paramref name="runs"/> timed times. Each run starts after a full GC.
    /// The pass's result goes to <paramref name="check"/> (to validate it, and so nothing is optimized away).
    /// </summary>
    public static Measurement Time<T>(string name, long rows, int runs, Func<T> pass, Action<T> check, bool warmUp = true, string unit = "rows") =>
        TimeInterleaved(rows, unit, runs, warmUp, [new Timed(name, () => check(pass()))])[0];

    /// <summary>
    /// Warms each pass up once (unless <paramref name="warmUp"/> is false), then runs them in turn,
    /// <paramref name="runs"/> rounds: a slow spell of a shared machine then hits every pass rather than one. The
    /// order rotates from round to round (A B, then B A), so that no pass always runs right after the same other
    /// one, nor always first in its round: what one pass leaves behind (a deleted warehouse, a garbage collection,
    /// the kernel's caches) falls on every pass alike.
    /// </summary>
    public static IReadOnlyList<Measurement> TimeInterleaved(long rows, int runs, bool warmUp, params Timed[] passes) =>
        TimeInterleaved(rows, "rows", runs, warmUp, passes);

    /// <summary>As above, over <paramref name="count"/> <paramref name="unit"/> (the progress lines say how many per second).</summary>
    public static IReadOnlyList<Measurement> TimeInterleaved(long count, string unit, int runs, bool warmUp, IReadOnlyList<Timed> passes)
    {
        if (warmUp)
        {
            foreach (var pass in passes)
            {
                Progress($"{pass.Name}: warm-up");
                pass.Before?.Invoke();
                try
                {
                    pass.Run();
                }
                finally
                {
                    pass.After?.Invoke();
                }
            }
        }

        var seconds = passes.Select(_ => new List<double>(runs)).ToArray();
        var allocated = new long[passes.Count];
        for (var run = 1; run <= runs; run++)
        {
            for (var turn = 0; turn < passes.Count; turn++)
            {
                var i = (turn + run - 1) % passes.Count;
                passes[i].Before?.Invoke();
                double elapsed;
                try
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers();
                    GC.Collect();
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    var start = Stopwatch.GetTimestamp();
                    passes[i].Run();
                    elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                    allocated[i] = GC.GetAllocatedBytesForCurrentThread() - before;
                }
                finally
                {
                    passes[i].After?.Invoke();
                }

                seconds[i].Add(elapsed);
                Progress($"{passes[i].Name}: run {run}/{runs}: {elapsed:0.000} s, {count / elapsed:N0} {unit}/s");
            }
        }

        return [.. passes.Select((pass, i) => new Measurement(pass.Name, count, seconds[i], allocated[i]))];
    }

    /// <summary>The median of <paramref name="values"/> (the mean of the middle two for an even count).</summary>
    public static double MedianOf(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static void Progress(string message) => Console.Error.WriteLine($"# {message}");
}

/// <summary>A pass to time; it validates its own result. <see cref="Before"/> and <see cref="After"/> run untimed around it.</summary>
internal sealed record Timed(string Name, Action Run)
{
    public Action? Before { get; init; }

    public Action? After { get; init; }
}
