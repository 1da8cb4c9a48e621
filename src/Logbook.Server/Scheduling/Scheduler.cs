using System.Collections.Concurrent;
using System.Diagnostics;

namespace Logbook.Server.Scheduling;

/// <summary>
/// Runs jobs at their cron times (UTC). A job never overlaps itself: when its time comes while its previous run is
/// still going, that occurrence is skipped and counted. A run that fails is recorded and the schedule goes on.
/// <see cref="StopAsync"/> stops scheduling, lets running jobs finish within a grace period, then cancels them (a
/// cancelled replication rolls back its batch in flight and records the run as <c>cancelled</c>).
/// </summary>
public sealed class Scheduler : IAsyncDisposable
{
    private readonly IReadOnlyList<JobDefinition> _jobs;
    private readonly IJobRunner _runner;
    private readonly JobRunStore? _store;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, JobState> _states = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationTokenSource _cancelJobs = new();
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private Task? _loop;

    public Scheduler(IReadOnlyList<JobDefinition> jobs, IJobRunner runner, JobRunStore? store = null, TimeProvider? time = null)
    {
        _jobs = jobs;
        _runner = runner;
        _store = store;
        _time = time ?? TimeProvider.System;
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var job in jobs)
        {
            _states[job.Name] = new JobState(job) { Next = job.NextAfter(now) };
        }
    }

    public IReadOnlyList<JobDefinition> Jobs => _jobs;

    /// <summary>Each job's next time, last run and counts.</summary>
    public IReadOnlyList<JobStatus> Status() => [.. _jobs.Select(j => _states[j.Name].Snapshot())];

    /// <summary>Starts the loop; jobs run on the thread pool.</summary>
    public void Start()
    {
        _store?.MarkAbandoned();
        var now = _time.GetUtcNow().UtcDateTime;
        foreach (var state in _states.Values)
        {
            state.Next = state.Job.NextAfter(now);
        }

        _loop = Task.Run(LoopAsync);
    }

    /// <summary>Runs a job now (the dashboard's and <c>run-job</c>'s trigger); false when it is already running.</summary>
    public bool TryTrigger(string name, string trigger = "manual")
    {
        if (!_states.TryGetValue(name, out var state))
        {
            throw new ArgumentException($"no job '{name}' (jobs: {string.Join(", ", _jobs.Select(j => j.Name))})", nameof(name));
        }

        return Launch(state, trigger);
    }

    /// <summary>Waits for a job's current run, if any (tests and run-job).</summary>
    public Task WhenIdle(string name) => _running.TryGetValue(name, out var task) ? task : Task.CompletedTask;

    public async Task StopAsync(TimeSpan grace)
    {
        await _stopping.CancelAsync();
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        var running = _running.Values.ToArray();
        if (running.Length == 0)
        {
            return;
        }

        var all = Task.WhenAll(running);
        if (await Task.WhenAny(all, Task.Delay(grace, _time)).ConfigureAwait(false) != all)
        {
            await _cancelJobs.CancelAsync();
            await all.ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _stopping.Dispose();
        _cancelJobs.Dispose();
    }

    private async Task LoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            var now = _time.GetUtcNow().UtcDateTime;
            foreach (var state in _states.Values)
            {
                if (state.Next <= now)
                {
                    if (!Launch(state, "schedule"))
                    {
                        state.Skipped();
                    }

                    state.Next = state.Job.NextAfter(now);
                }
            }

            var wake = _states.Values.Select(s => s.Next).DefaultIfEmpty(now.AddMinutes(1)).Min();
            var delay = wake - _time.GetUtcNow().UtcDateTime;
            try
            {
                // Wake at least every second, so a clock change or a new minute is never missed by much.
                await Task.Delay(delay < TimeSpan.Zero ? TimeSpan.Zero : delay > TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : delay, _time, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private bool Launch(JobState state, string trigger)
    {
        if (!state.TryBegin())
        {
            return false;
        }

        var run = new JobRun(Guid.NewGuid().ToString("N"), state.Job.Name, trigger, _time.GetUtcNow().UtcDateTime, null, "running", null, null);
        var task = Task.Run(() =>
        {
            var watch = Stopwatch.StartNew();
            JobOutcome outcome;
            try
            {
                _store?.Started(run);
                outcome = _runner.Run(state.Job, _cancelJobs.Token);
            }
            catch (OperationCanceledException)
            {
                outcome = new JobOutcome("cancelled", "the server stopped before the run ended");
            }
            catch (Exception e)
            {
                outcome = new JobOutcome("failed", e.Message.Split('\n')[0]);
            }

            var ended = run with { EndedAt = run.StartedAt + watch.Elapsed, Status = outcome.Status, Message = outcome.Message, Rows = outcome.Rows };
            _store?.Ended(ended);
            state.End(ended);
        });
        _running[state.Job.Name] = task;
        return true;
    }

    private sealed class JobState(JobDefinition job)
    {
        private readonly object _gate = new();
        private int _running;
        private long _skipped;
        private JobRun? _last;
        private readonly Dictionary<string, long> _outcomes = new(StringComparer.Ordinal);
        private double _durationSum;

        public JobDefinition Job { get; } = job;

        public DateTime Next { get; set; }

        public bool TryBegin() => Interlocked.CompareExchange(ref _running, 1, 0) == 0;

        public void Skipped() => Interlocked.Increment(ref _skipped);

        public void End(JobRun run)
        {
            lock (_gate)
            {
                _last = run;
                _outcomes[run.Status] = _outcomes.GetValueOrDefault(run.Status) + 1;
                _durationSum += run.DurationSeconds ?? 0;
            }

            Volatile.Write(ref _running, 0);
        }

        public JobStatus Snapshot()
        {
            lock (_gate)
            {
                return new JobStatus(Job, Next, _last, Volatile.Read(ref _running) == 1, Interlocked.Read(ref _skipped), new Dictionary<string, long>(_outcomes), _durationSum);
            }
        }
    }
}

/// <summary>A job as the scheduler sees it now.</summary>
public sealed record JobStatus(JobDefinition Job, DateTime NextRun, JobRun? LastRun, bool Running, long SkippedOverlaps, IReadOnlyDictionary<string, long> Outcomes, double DurationSecondsSum);
