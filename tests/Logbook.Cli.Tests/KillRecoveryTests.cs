using System.Diagnostics;
using System.Globalization;
using Logbook.Core.Querying;
using Logbook.Hosting;

namespace Logbook.Cli.Tests;

/// <summary>
/// A real <c>logbook run</c> process killed with SIGKILL in the middle of a model, then a clean run: the killed
/// model's previous table survives untouched, nothing half-built is left, and the audit log tells the truth.
/// </summary>
public sealed class KillRecoveryTests : IDisposable
{
    private readonly CliFixture _cli = new();

    public KillRecoveryTests()
    {
        _cli.Write("logbook.yml", "name: killed\nvars:\n  heavy: false\n");
        _cli.Write("models/base.sql", "{{ config(materialized='table') }}\nselect range as id from range(10)");
        // The pre-hook runs after the audit row was written 'started': its file tells the test the model is under way.
        var marker = Path.Combine(_cli.Path, "slow-started.csv").Replace("'", "''", StringComparison.Ordinal);
        _cli.Write("models/slow.sql", $$$"""
            {{ config(materialized='table', pre_hook="copy (select 1 as started) to '{{{marker}}}'") }}
            {% if var('heavy') %}
            select count(*) as n from range(200000) a, range(200000) b where a.range + b.range < 0
            {% else %}
            select id as n from {{ ref('base') }}
            {% endif %}
            """);
        _cli.Write("models/after_slow.sql", "{{ config(materialized='table') }}\nselect n from {{ ref('slow') }}");
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public async Task A_killed_run_leaves_started_rows_that_the_next_run_marks_abandoned()
    {
        _cli.Run("run").ExitCode.Should().Be(0, "the first, light run builds every model");
        File.Delete(Path.Combine(_cli.Path, "slow-started.csv"));

        var killedPid = await RunAndKillWhenSlowStarts();

        // The killed run's started rows are on record: in its journal at once, in the table once a batch committed.
        var journal = Path.Combine(_cli.Path, "warehouse.duckdb.audit-journal");
        var journaled = File.ReadAllLines(Directory.GetFiles(journal).Should().ContainSingle("the killed run's journal outlives it").Subject)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("Start"))
            .Where(start => start.ValueKind == System.Text.Json.JsonValueKind.Object)
            .Select(start => (Invocation: start.GetProperty("InvocationId").GetString()!, Model: start.GetProperty("ModelName").GetString()!))
            .ToList();
        journaled.Select(r => r.Model).Should().Contain("slow").And.NotContain("after_slow");
        var killedInvocation = journaled.Select(r => r.Invocation).Distinct().Should().ContainSingle().Subject;
        Count($"select count(*) from logbook_audit.audit_summary where invocation_id = '{killedInvocation}' and status <> 'started' and model_name = 'slow'")
            .Should().Be(0, "slow never finished");
        Count("select count(*) from main.slow").Should().Be(10, "the previous table is untouched by the killed build");
        Count("select count(*) from information_schema.tables where table_name like '%logbook_tmp%'").Should().Be(0, "nothing half-built is left behind");
        Count($"select count(*) from logbook_audit.audit_summary where invocation_id = '{killedInvocation}' and model_name = 'after_slow'")
            .Should().Be(0, "the killed run never reached after_slow");

        var clean = _cli.Run("run");
        clean.ExitCode.Should().Be(0, clean.ToString());
        Directory.GetFiles(journal).Should().BeEmpty("the clean run replayed the killed run's journal and deleted its own when it finished");

        var abandoned = Row($"select status, error_message, run_ended_at is not null from logbook_audit.audit_summary where invocation_id = '{killedInvocation}' and model_name = 'slow'");
        abandoned[0].Should().Be("abandoned");
        abandoned[1].Should().BeOfType<string>().Which.Should().Contain($"process {killedPid}");
        abandoned[2].Should().Be(false, "nobody knows when a killed job ended, so run_ended_at stays NULL");
        Count($"select count(*) from logbook_audit.audit_summary where invocation_id = '{killedInvocation}' and model_name = 'base' and status = 'completed'")
            .Should().Be(1, "base finished before the kill and keeps its outcome");
        Count("select count(*) from logbook_audit.audit_summary where status = 'started'").Should().Be(0);
        Count($"select count(*) from logbook_audit.audit_summary where invocation_id <> '{killedInvocation}' and model_name = 'slow' and status = 'completed'")
            .Should().Be(2, "the light runs before and after the kill both built slow");

        var failed = _cli.Run("audit", "--failed");
        failed.ExitCode.Should().Be(0, failed.ToString());
        failed.Out.Should().Contain("abandoned").And.Contain("slow");
    }

    /// <summary>Starts the CLI as a separate process with the heavy variant and SIGKILLs it once slow is running.</summary>
    private async Task<int> RunAndKillWhenSlowStarts()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "logbook"))
        {
            ArgumentList = { "run", "--threads", "1", "--vars", "{heavy: true}" },
            WorkingDirectory = _cli.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = _cli.Home;
        using var process = Process.Start(start)!;
        var pid = process.Id;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var marker = Path.Combine(_cli.Path, "slow-started.csv");
        var deadline = Stopwatch.StartNew();
        while (!File.Exists(marker))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromMinutes(2))
            {
                process.Kill(entireProcessTree: true);
                throw new InvalidOperationException($"slow never started (exited: {process.HasExited})\n{await stdout}\n{await stderr}");
            }

            await Task.Delay(20);
        }

        // Let the build get into its long INSERT (the heavy query runs for minutes), so the kill lands mid-write.
        await Task.Delay(TimeSpan.FromSeconds(1));
        process.HasExited.Should().BeFalse("the heavy build runs for minutes");

        // Process.Kill sends SIGKILL on Unix: no finally block, no flush, no audit update runs.
        process.Kill();
        await process.WaitForExitAsync();
        (await stdout).Should().NotContain("OK table model main.slow");
        return pid;
    }

    private SqlResult Sql(string sql) =>
        LogbookHost.Load(new HostOptions { ProjectDirectory = _cli.Path }, new() { CurrentDirectory = _cli.Path, HomeDirectory = _cli.Home, GetVariable = _ => null }).RunSql(sql);

    private object? Scalar(string sql) => Sql(sql).Rows.FirstOrDefault()?[0];

    private object?[] Row(string sql) => Sql(sql).Rows.Single();

    private long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);
}
