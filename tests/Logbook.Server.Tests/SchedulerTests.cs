using Logbook.Core.Configuration;
using Logbook.Server.Scheduling;

namespace Logbook.Server.Tests;

public sealed class SchedulerTests
{
    /// <summary>A runner whose jobs take a set time (honouring cancellation) and can be told to fail.</summary>
    private sealed class FakeRunner(TimeSpan duration, Func<int, bool>? fails = null) : IJobRunner
    {
        private int _concurrent;
        private int _runs;

        public int MaxConcurrent { get; private set; }

        public int Runs => _runs;

        public JobOutcome Run(JobDefinition job, CancellationToken cancellationToken)
        {
            var run = Interlocked.Increment(ref _runs);
            var now = Interlocked.Increment(ref _concurrent);
            MaxConcurrent = Math.Max(MaxConcurrent, now);
            try
            {
                Task.Delay(duration, cancellationToken).GetAwaiter().GetResult();
                return fails?.Invoke(run) == true ? new JobOutcome("failed", $"run {run} failed") : new JobOutcome("success", null, run);
            }
            finally
            {
                Interlocked.Decrement(ref _concurrent);
            }
        }
    }

    [Fact]
    public async Task A_job_slower_than_its_schedule_never_overlaps_itself_and_its_skipped_times_are_counted()
    {
        var runner = new FakeRunner(TimeSpan.FromMilliseconds(2500));
        var scheduler = new Scheduler([new JobDefinition("slow", "* * * * * *", JobKind.Sync)], runner);

        scheduler.Start();
        await Task.Delay(TimeSpan.FromSeconds(6));
        await scheduler.StopAsync(TimeSpan.FromSeconds(10));

        runner.MaxConcurrent.Should().Be(1);
        runner.Runs.Should().BeInRange(2, 3);
        var status = scheduler.Status().Single();
        status.SkippedOverlaps.Should().BeGreaterThanOrEqualTo(2, "a run every second, each taking 2.5 s");
        status.Outcomes["success"].Should().Be(runner.Runs);
    }

    [Fact]
    public async Task A_failing_run_does_not_stop_the_schedule()
    {
        var runner = new FakeRunner(TimeSpan.FromMilliseconds(50), fails: run => run % 2 == 1);
        var scheduler = new Scheduler([new JobDefinition("flaky", "* * * * * *", JobKind.Build)], runner);

        scheduler.Start();
        await Task.Delay(TimeSpan.FromSeconds(4.5));
        await scheduler.StopAsync(TimeSpan.FromSeconds(5));

        var status = scheduler.Status().Single();
        status.Outcomes.GetValueOrDefault("failed").Should().BeGreaterThanOrEqualTo(2);
        status.Outcomes.GetValueOrDefault("success").Should().BeGreaterThanOrEqualTo(1, "runs after a failure still happen");
    }

    [Fact]
    public async Task Shutdown_lets_a_short_run_finish_and_cancels_one_that_outlasts_the_grace_period()
    {
        var quick = new FakeRunner(TimeSpan.FromMilliseconds(700));
        var scheduler = new Scheduler([new JobDefinition("quick", "0 0 1 1 *", JobKind.Sync)], quick);
        scheduler.TryTrigger("quick").Should().BeTrue();
        scheduler.TryTrigger("quick").Should().BeFalse("it is already running");
        await scheduler.StopAsync(TimeSpan.FromSeconds(5));
        scheduler.Status().Single().LastRun!.Status.Should().Be("success");

        var slow = new FakeRunner(TimeSpan.FromMinutes(5));
        var stuck = new Scheduler([new JobDefinition("slow", "0 0 1 1 *", JobKind.Sync)], slow);
        stuck.TryTrigger("slow");
        await Task.Delay(200);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await stuck.StopAsync(TimeSpan.FromMilliseconds(500));
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(30));
        stuck.Status().Single().LastRun!.Status.Should().Be("cancelled");
    }

    [Fact]
    public void The_schedule_file_is_checked_with_file_line_and_column()
    {
        using var folder = new TempFolder();
        folder.Write("schedule.yml", "jobs:\n  - name: a\n    cron: \"*/5 * * *\"\n    sync: {}\n");
        FluentActions.Invoking(() => ScheduleFile.Load(folder.Path, _ => null)).Should().Throw<LogbookConfigurationException>()
            .Where(e => e.Message.Contains("schedule.yml:3:11") && e.Message.Contains("job 'a': '*/5 * * *' is not a cron expression"));

        folder.Write("schedule.yml", "jobs:\n  - name: a\n    cron: \"*/5 * * * *\"\n    build: { selct: x }\n");
        FluentActions.Invoking(() => ScheduleFile.Load(folder.Path, _ => null)).Should().Throw<LogbookConfigurationException>()
            .WithMessage("*schedule.yml:4:14: unknown option 'selct' of 'build' (expected select, exclude, full_refresh)*");

        folder.Write("schedule.yml", "jobs:\n  - name: nightly\n    cron: \"0 9 * * *\"\n    sync: { mode: full, lookback: 24h }\n  - name: usage\n    cron: \"*/30 * * * *\"\n    build: { select: [tag:usage, tag:monitoring] }\n");
        var jobs = ScheduleFile.Load(folder.Path, _ => null);
        jobs.Select(j => j.Describe()).Should().Equal("sync ai-audit-logs --mode=full --lookback=24h", "build --select tag:usage tag:monitoring");
        jobs[0].NextAfter(new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc)).Should().Be(new DateTime(2026, 12, 8, 9, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public void The_shipped_schedule_follows_the_seeds_cadences_for_what_the_project_has()
    {
        using var folder = new TempFolder();
        ScheduleFile.Load(folder.Path, _ => null).Should().BeEmpty("nothing to run");

        folder.Write("logbook.yml", "name: p\n");
        var jobs = ScheduleFile.Load(folder.Path, name => name == "DATABASE_URL" ? "postgres://x@h/db" : null);

        jobs.Select(j => (j.Name, j.Cron)).Should().Equal(
            ("replication-delta", "*/5 * * * *"),
            ("replication-nightly-full", "0 9 * * *"),
            ("models-monitoring", "*/30 * * * *"),
            ("models-daily", "0 6 * * *"),
            ("models-month-end", "0 2 1 * *"));
        jobs[1].Describe().Should().Be("sync ai-audit-logs --mode=full --lookback=24h");
    }
}
