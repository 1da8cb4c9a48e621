using Logbook.Audit;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Cli.Tests;

public sealed class AuditCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public void Dispose() => _cli.Dispose();

    private void Record(string invocation, params (string Job, AuditStatus Status)[] jobs)
    {
        var warehouse = DuckDbWarehouse.FromTarget(
            new WarehouseTarget("default", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "warehouse.duckdb" }), _cli.Path);
        using var log = AuditLog.Open(warehouse, new AuditOptions(), warning => throw new InvalidOperationException(warning), invocation);
        foreach (var (job, status) in jobs)
        {
            log.JobStarted(job, AuditJobType.Model);
            if (status != AuditStatus.Started)
            {
                log.JobEnded(job, status, status == AuditStatus.Completed ? 10 : null, status == AuditStatus.Failed ? "Binder Error: no such column" : null);
            }
        }
    }

    [Fact]
    public void A_project_that_never_ran_says_so()
    {
        var run = _cli.Run("audit");
        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("No runs recorded yet");
    }

    [Fact]
    public void Shows_the_most_recent_runs_newest_first()
    {
        Record("inv-a", ("stg_log", AuditStatus.Completed), ("fct_health", AuditStatus.Failed));
        var run = _cli.Run("audit", "--last", "5", "--format", "csv");
        run.ExitCode.Should().Be(0, run.ToString());
        var lines = run.Out.Trim().Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        lines[0].Should().StartWith("invocation_id,job,job_type,status,run_started_at,run_ended_at,seconds,rows,user,message");
        lines.Should().HaveCount(3);
        run.Out.Should().Contain("stg_log").And.Contain("fct_health").And.Contain("Binder Error: no such column");
    }

    [Fact]
    public void Failed_shows_only_failed_and_abandoned_runs_and_last_limits_the_count()
    {
        Record("inv-b", ("ok_model", AuditStatus.Completed), ("bad_model", AuditStatus.Failed), ("other_ok", AuditStatus.Completed));
        var failed = _cli.Run("audit", "--failed", "--format", "json");
        failed.ExitCode.Should().Be(0, failed.ToString());
        failed.Out.Should().Contain("bad_model").And.NotContain("ok_model");

        var one = _cli.Run("audit", "--last", "1", "--format", "csv");
        one.Out.Trim().Split('\n').Should().HaveCount(2);
    }

    [Fact]
    public void Last_must_be_positive()
    {
        var run = _cli.Run("audit", "--last", "0");
        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Should().Contain("--last must be at least 1");
    }
}
