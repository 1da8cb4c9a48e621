using System.Collections.Concurrent;

namespace Logbook.FivetranApiFake;

/// <summary>What the fake does instead of answering normally.</summary>
public enum FaultKind
{
    /// <summary>429 with <c>Retry-After</c> (seconds) and a <c>TooManyRequests</c> body.</summary>
    TooManyRequests,

    /// <summary>500 with an error body.</summary>
    ServerError,

    /// <summary>Waits <see cref="Fault.Delay"/> before answering normally (a timeout for a short client timeout).</summary>
    Slow,

    /// <summary>200 with a body that is not JSON (a cut-off response).</summary>
    MalformedJson,
}

/// <summary>A fault for requests whose path contains <see cref="PathContains"/>, <see cref="Times"/> times.</summary>
public sealed record Fault(FaultKind Kind, string PathContains, int Times = 1, int RetryAfterSeconds = 1, TimeSpan Delay = default);

/// <summary>Faults waiting to be served, first match first; thread-safe.</summary>
public sealed class FaultPlan
{
    private readonly ConcurrentQueue<(Fault Fault, int[] Left)> _faults = new();

    public FaultPlan Add(Fault fault)
    {
        _faults.Enqueue((fault, [fault.Times]));
        return this;
    }

    /// <summary>Faults served so far.</summary>
    public int Served => _served;

    private int _served;

    internal Fault? Take(string path)
    {
        foreach (var (fault, left) in _faults)
        {
            if (path.Contains(fault.PathContains, StringComparison.Ordinal) && Interlocked.Decrement(ref left[0]) >= 0)
            {
                Interlocked.Increment(ref _served);
                return fault;
            }
        }

        return null;
    }
}
