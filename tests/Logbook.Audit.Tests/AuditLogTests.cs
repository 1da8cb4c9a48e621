using System.Data.Common;
using Logbook.Core.Runs;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.DuckDb;

namespace Logbook.Audit.Tests;

public sealed class AuditLogTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly IWarehouse _warehouse;
    private readonly List<string> _warnings = [];

    private readonly List<AuditLog> _opened = [];

    public AuditLogTests()
    {
        _warehouse = DuckDbWarehouse.FromTarget(
            new WarehouseTarget("test", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "warehouse.duckdb" }),
            _folder.Path);
    }

    private AuditLog Open(string? invocation = null, AuditOptions? options = null)
    {
        var log = AuditLog.Open(_warehouse, options ?? new AuditOptions { TargetName = "test" }, _warnings.Add, invocation);
        _opened.Add(log);
        return log;
    }

    /// <summary>Reads the warehouse after every open log has written what it queued (outcomes and steps are written in the background).</summary>
    private List<object?[]> Query(string sql)
    {
        _opened.ForEach(log => log.Flush());
        return QueryUnflushed(sql);
    }

    [Fact]
    public void Tables_have_the_seed_columns_first_and_are_created_idempotently()
    {
        using (Open())
        {
        }

        using (var again = Open())
        {
            again.IsEnabled.Should().BeTrue();
        }

        Query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'logbook_audit' AND table_name = 'audit_summary' ORDER BY ordinal_position")
            .Select(r => (string)r[0]!).Should().Equal(AuditSchema.SummaryColumns);
        Query("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'logbook_audit' AND table_name = 'audit_summary' ORDER BY ordinal_position")
            .Take(9).Select(r => $"{r[0]} {r[1]}").Should().Equal(
                "invocation_id VARCHAR", "model_name VARCHAR", "run_started_at TIMESTAMP", "run_ended_at TIMESTAMP",
                "execution_time_seconds INTEGER", "rows_processed INTEGER", "status VARCHAR", "run_by_user VARCHAR", "custom_message VARCHAR");
        Query("SELECT column_name FROM information_schema.columns WHERE table_schema = 'logbook_audit' AND table_name = 'audit_detail' ORDER BY ordinal_position")
            .Select(r => (string)r[0]!).Should().Equal(AuditSchema.DetailColumns);
        Query("SELECT constraint_type FROM information_schema.table_constraints WHERE table_schema = 'logbook_audit' AND table_name = 'audit_summary'")
            .Select(r => (string)r[0]!).Should().Contain("PRIMARY KEY");
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void A_job_is_started_before_it_runs_and_completed_with_its_real_row_count()
    {
        using var log = Open("inv-1");
        log.JobStarted("stg_log", AuditJobType.Model, "loading");
        Query("SELECT status, run_ended_at, rows_processed FROM logbook_audit.audit_summary WHERE model_name = 'stg_log'")
            .Should().ContainSingle().Which.Should().BeEquivalentTo(new object?[] { "started", null, null }, o => o.WithStrictOrdering());

        log.JobEnded("stg_log", AuditStatus.Completed, rowsAffected: 1234);
        var row = Query("SELECT status, rows_processed, rows_affected, run_ended_at >= run_started_at, execution_time_seconds, run_by_user, job_type, target_name, host, custom_message, error_message FROM logbook_audit.audit_summary WHERE invocation_id = 'inv-1'")
            .Should().ContainSingle().Subject;
        row.Should().BeEquivalentTo(
            new object?[] { "completed", 1234, 1234L, true, 0, Environment.UserName, "model", "test", Environment.MachineName, "loading", null },
            o => o.WithStrictOrdering());
    }

    [Fact]
    public void Unknown_row_counts_are_null_and_huge_ones_stay_exact()
    {
        using var log = Open("inv-2");
        log.JobStarted("a_view", AuditJobType.Model);
        log.JobEnded("a_view", AuditStatus.Completed, rowsAffected: null);
        log.JobStarted("huge", AuditJobType.Sync);
        log.JobEnded("huge", AuditStatus.Completed, rowsAffected: 5_000_000_000L);
        Query("SELECT model_name, rows_processed, rows_affected FROM logbook_audit.audit_summary ORDER BY model_name")
            .Should().BeEquivalentTo(new[] { new object?[] { "a_view", null, null }, new object?[] { "huge", null, 5_000_000_000L } }, o => o.WithStrictOrdering());
    }

    [Fact]
    public void A_failure_keeps_its_error_capped_and_the_insert_never_fails_on_length()
    {
        using var log = Open("inv-3");
        log.JobStarted("broken", AuditJobType.Model, new string('m', 5000));
        log.JobEnded("broken", AuditStatus.Failed, error: "Binder Error: column x not found\n" + new string('e', 10_000));
        var row = Query("SELECT status, error_message, length(error_message), length(custom_message) FROM logbook_audit.audit_summary").Single();
        row[0].Should().Be("failed");
        ((string)row[1]!).Should().StartWith("Binder Error: column x not found").And.EndWith("... (truncated)");
        row[2].Should().Be(4096L);
        row[3].Should().Be(1000L);
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void The_seeds_example_queries_run_unchanged_and_return_the_steps_in_order()
    {
        using (var log = Open("inv-old"))
        {
            log.JobStarted("my_complex_model", AuditJobType.Model);
            log.JobEnded("my_complex_model", AuditStatus.Completed, 1);
        }

        using (var log = Open("your_specific_invocation_id"))
        {
            log.JobStarted("my_complex_model", AuditJobType.Model);
            log.Step("my_complex_model", "final_selection", message: "Final selection and applying business rules.", sequence: 3);
            log.Step("my_complex_model", "cte_intermediate_data_prep", message: "Preparing intermediate customer and order data.", sequence: 1);
            log.Step("my_complex_model", "cte_aggregated_results", message: "Aggregating data per customer.", sequence: 2);
            log.JobEnded("my_complex_model", AuditStatus.Completed, 42);
        }

        // Seed 001, "Overall Run Summaries", with {{ target.schema }}.dbt_ replaced by our audit schema.
        var summaries = Query("""
            SELECT * FROM logbook_audit.audit_summary
            WHERE model_name = 'my_complex_model'
            ORDER BY run_started_at DESC;
            """);
        summaries.Should().HaveCount(2);
        summaries[0][0].Should().Be("your_specific_invocation_id");

        // Seed 001, "Detailed Steps for a Specific Run".
        var steps = Query("""
            SELECT
                s.invocation_id,
                s.model_name,
                s.run_started_at as summary_run_started_at,
                s.status as summary_status,
                d.step_name,
                d.step_sequence_num,
                d.event_timestamp,
                d.status as step_status,
                d.message
            FROM logbook_audit.audit_summary s
            JOIN logbook_audit.audit_detail d
              ON s.invocation_id = d.invocation_id AND s.model_name = d.model_name
            WHERE s.model_name = 'my_complex_model' AND s.invocation_id = 'your_specific_invocation_id' -- Replace with an actual invocation_id
            ORDER BY d.step_sequence_num ASC, d.event_timestamp ASC;
            """);
        steps.Select(r => (string)r[4]!).Should().Equal("cte_intermediate_data_prep", "cte_aggregated_results", "final_selection");
        steps.Select(r => r[5]).Should().Equal(1, 2, 3);
        steps.Should().OnlyContain(r => (string)r[3]! == "completed" && (string)r[7]! == "info");
    }

    [Fact]
    public void Audit_rows_survive_the_jobs_own_rollback()
    {
        using var log = Open("inv-4");
        using var work = _warehouse.OpenConnection();
        using var transaction = work.BeginTransaction();
        log.JobStarted("rolled_back", AuditJobType.Model);
        using (var command = work.CreateCommand())
        {
            command.CommandText = "CREATE TABLE scratch AS SELECT 1 AS x";
            command.ExecuteNonQuery();
        }

        transaction.Rollback();
        log.JobEnded("rolled_back", AuditStatus.Failed, error: "rolled back");
        Query("SELECT status FROM logbook_audit.audit_summary WHERE model_name = 'rolled_back'").Single()[0].Should().Be("failed");
    }

    [Fact]
    public void A_failing_audit_write_is_a_warning_and_never_an_exception()
    {
        using var log = Open("inv-5");
        log.Flush(); // creates the tables, which this test then breaks
        using (var connection = _warehouse.OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "DROP TABLE logbook_audit.audit_summary";
            command.ExecuteNonQuery();
        }

        log.Invoking(l => l.JobStarted("job", AuditJobType.Model)).Should().NotThrow();
        log.Invoking(l => l.JobEnded("job", AuditStatus.Completed, 1)).Should().NotThrow();
        log.Flush();
        _warnings.Should().HaveCount(2).And.OnlyContain(w => w.StartsWith("audit log: could not record", StringComparison.Ordinal));
    }

    [Fact]
    public void On_a_fresh_warehouse_the_tables_are_created_in_the_first_batch_and_not_before()
    {
        const string tables = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'logbook_audit' ORDER BY table_name";
        var options = new AuditOptions { TargetName = "test", FlushInterval = TimeSpan.FromHours(1), JournalDirectory = Path.Combine(_folder.Path, "journal") };
        var log = Open("inv-fresh", options);

        log.MarkAbandoned().Should().Be(0, "a warehouse without the tables holds no abandoned rows");
        log.JobStarted("first", AuditJobType.Model);
        QueryUnflushed(tables).Should().BeEmpty("no DDL runs before the run's first batch: its commit creates the tables");

        log.JobEnded("first", AuditStatus.Completed, 4);
        Query(tables).Select(r => (string)r[0]!).Should().Equal("audit_detail", "audit_summary");
        Query("SELECT model_name, status, rows_processed FROM logbook_audit.audit_summary").Select(r => $"{r[0]}={r[1]}/{r[2]}").Should().Equal("first=completed/4");
        _warnings.Should().BeEmpty();
    }

    [Fact]
    public void Audit_tables_that_cannot_be_created_disable_the_log_with_one_warning_and_never_fail_a_job()
    {
        // The file exists but is opened read-only: the catalog read finds no tables, and creating them fails.
        _warehouse.OpenConnection().Dispose();
        var readOnly = DuckDbWarehouse.FromTarget(
            new WarehouseTarget("ro", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = "warehouse.duckdb", ["read_only"] = "true" }),
            _folder.Path);

        using var log = AuditLog.Open(readOnly, new AuditOptions(), _warnings.Add, "inv-blocked");
        log.Invoking(l => l.JobStarted("job", AuditJobType.Model)).Should().NotThrow();
        log.Invoking(l => l.JobEnded("job", AuditStatus.Completed, 1)).Should().NotThrow();
        log.Flush();

        log.IsEnabled.Should().BeFalse();
        log.MarkAbandoned().Should().Be(0);
        _warnings.Should().ContainSingle().Which.Should().StartWith("audit log disabled: cannot prepare logbook_audit.audit_summary/audit_detail:");
    }

    [Fact]
    public void An_unreachable_warehouse_disables_the_log_with_one_warning()
    {
        var broken = DuckDbWarehouse.FromTarget(
            new WarehouseTarget("broken", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = _folder.Write("not-a-db.duckdb", "this is not a database") }),
            _folder.Path);
        using var log = AuditLog.Open(broken, new AuditOptions(), _warnings.Add);
        log.IsEnabled.Should().BeFalse();
        log.Invoking(l => l.JobStarted("job", AuditJobType.Model)).Should().NotThrow();
        _warnings.Should().ContainSingle().Which.Should().StartWith("audit log disabled");
    }

    [Fact]
    public void Rows_left_started_by_a_dead_process_are_marked_abandoned_with_the_reason()
    {
        using (var killed = Open("inv-killed", new AuditOptions { ProcessId = 2_000_000_000 }))
        {
            killed.JobStarted("never_finished", AuditJobType.Model);
        }

        using (var alive = Open("inv-alive"))
        {
            alive.JobStarted("still_running", AuditJobType.Model);
        }

        using (var foreign = Open("inv-foreign", new AuditOptions { Host = "elsewhere", Time = new FixedTime(DateTimeOffset.UtcNow.AddDays(-3)) }))
        {
            foreign.JobStarted("old_foreign", AuditJobType.Model);
        }

        using var next = Open("inv-next");
        next.MarkAbandoned().Should().Be(2);
        var rows = Query("SELECT model_name, status, error_message FROM logbook_audit.audit_summary ORDER BY model_name");
        rows.Select(r => $"{r[0]}={r[1]}").Should().Equal("never_finished=abandoned", "old_foreign=abandoned", "still_running=started");
        ((string)rows[0][2]!).Should().Contain("process 2000000000").And.Contain("inv-next");
        next.MarkAbandoned().Should().Be(0, "marking is idempotent");
    }

    [Fact]
    public void A_started_row_only_the_journal_holds_is_restored_and_marked_abandoned_and_a_finished_run_leaves_no_journal()
    {
        var journal = Path.Combine(_folder.Path, "journal");

        // A run whose batch never reached the warehouse (it lingers an hour), like a process killed within the linger.
        var killed = AuditLog.Open(_warehouse, new AuditOptions { ProcessId = 2_000_000_000, JournalDirectory = journal, FlushInterval = TimeSpan.FromHours(1) }, _warnings.Add, "inv-killed");
        try
        {
            killed.JobStarted("journaled_only", AuditJobType.Model, customMessage: "kept");
            killed.JobStarted("finished_before_kill", AuditJobType.Model);
            killed.JobEnded("finished_before_kill", AuditStatus.Completed, 5);
            Directory.GetFiles(journal).Should().ContainSingle("the started row is on record before the job runs");
            QueryUnflushed("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'logbook_audit'").Single()[0]
                .Should().Be(0L, "its first batch, whose commit creates the tables on a fresh warehouse, has not been written yet");

            // A line cut short by the kill is ignored.
            File.AppendAllText(Directory.GetFiles(journal).Single(), "{\"InvocationId\":\"inv-kil");

            using (var next = AuditLog.Open(_warehouse, new AuditOptions { TargetName = "test", JournalDirectory = journal }, _warnings.Add, "inv-next"))
            {
                next.MarkAbandoned().Should().Be(1);
                next.JobStarted("fine", AuditJobType.Model);
                next.JobEnded("fine", AuditStatus.Completed, 3);
            }

            Directory.GetFiles(journal).Should().BeEmpty("the dead run's journal was replayed and the finished run deleted its own");
            var rows = QueryUnflushed("SELECT invocation_id, model_name, status, custom_message, process_id, error_message, rows_processed FROM logbook_audit.audit_summary ORDER BY invocation_id, model_name");
            rows.Select(r => $"{r[0]}/{r[1]}={r[2]}").Should().Equal("inv-killed/finished_before_kill=completed", "inv-killed/journaled_only=abandoned", "inv-next/fine=completed");
            rows[0][6].Should().Be(5, "the outcome of a job that finished before the kill was journaled too");
            rows[1][3].Should().Be("kept");
            rows[1][4].Should().Be(2_000_000_000);
            ((string)rows[1][5]!).Should().Contain("process 2000000000");
        }
        finally
        {
            killed.Dispose();
        }
    }

    [Fact]
    public void A_batch_becomes_few_statements_and_gives_the_same_rows_as_one_write_at_a_time()
    {
        var started = new DateTime(2026, 1, 2, 3, 4, 5);
        StartOp Start(string job, bool repeat = false) => new(new StartedRow("inv", job, started, "me", "msg " + job, "model", "t", "h", 1, "0.1.0"), repeat);
        EndOp End(string job, string status) => new(new OutcomeRow("inv", job, started.AddSeconds(2), 2, 7, 7, status, null, null, 2.0));
        StepOp Step(string job, int n) => new(new StepRow($"inv:{job}:{n}", "inv", job, "execute", n, started, "info", null));

        // "earlier" started in a previous batch; "quick" starts and ends in this one; "again" runs twice within it.
        List<AuditOp> earlierBatch = [Start("earlier"), Start("again")];
        List<AuditOp> batch = [End("earlier", "completed"), Start("quick"), .. Enumerable.Range(1, 250).Select(n => Step("quick", n)), End("quick", "failed"), End("again", "failed"), Start("again", repeat: true), End("again", "completed")];

        var statements = AuditStatements.For("logbook_audit", batch);
        statements.Select(st => st.Sql.Split(' ', 2)[0]).Should().Equal(["UPDATE", "INSERT", "INSERT", "INSERT", "INSERT", "INSERT"],
            "one update for both outcomes of earlier jobs, one insert for the new job with its outcome, one upsert for the re-run, three inserts for 250 steps");

        using var one = _warehouse.OpenConnection();
        foreach (var statement in AuditSchema.Create("batched").Concat(AuditSchema.Create("single")))
        {
            Exec(one, statement, []);
        }

        foreach (var statement in AuditStatements.For("batched", earlierBatch).Concat(statements.Select(st => st with { Sql = st.Sql.Replace("\"logbook_audit\"", "\"batched\"", StringComparison.Ordinal) })))
        {
            Exec(one, statement.Sql, statement.Values);
        }

        foreach (var op in earlierBatch.Concat(batch))
        {
            foreach (var statement in AuditStatements.For("single", [op]))
            {
                Exec(one, statement.Sql, statement.Values);
            }
        }

        const string summary = "SELECT model_name, status, run_ended_at, rows_processed, custom_message FROM {0}.audit_summary ORDER BY model_name";
        var batched = QueryUnflushed(string.Format(System.Globalization.CultureInfo.InvariantCulture, summary, "batched"));
        batched.Select(r => $"{r[0]}={r[1]}:{r[3]}:{r[4]}").Should().Equal("again=completed:7:msg again", "earlier=completed:7:msg earlier", "quick=failed:7:msg quick");
        batched.Should().BeEquivalentTo(QueryUnflushed(string.Format(System.Globalization.CultureInfo.InvariantCulture, summary, "single")), o => o.WithStrictOrdering());
        QueryUnflushed("SELECT count(*), count(DISTINCT step_sequence_num) FROM batched.audit_detail").Single().Should().Equal(250L, 250L);
    }

    private static void Exec(DbConnection connection, string sql, object?[] values) => WarehouseRows.Execute(connection, sql, values);

    [Fact]
    public void A_journal_of_a_live_process_is_left_alone()
    {
        var journal = Path.Combine(_folder.Path, "journal");
        using var running = AuditLog.Open(_warehouse, new AuditOptions { JournalDirectory = journal, FlushInterval = TimeSpan.FromHours(1) }, _warnings.Add, "inv-running");
        running.JobStarted("in_progress", AuditJobType.Model);

        using (var other = AuditLog.Open(_warehouse, new AuditOptions { JournalDirectory = journal }, _warnings.Add, "inv-other"))
        {
            other.MarkAbandoned().Should().Be(0, "the journal's process (this one) is alive");
        }

        Directory.GetFiles(journal).Should().ContainSingle();
        QueryUnflushed("SELECT count(*) FROM logbook_audit.audit_summary").Single()[0].Should().Be(0L);
    }

    /// <summary>Reads the warehouse without flushing the open logs (one of them may be a stand-in for a killed run).</summary>
    private List<object?[]> QueryUnflushed(string sql) => WarehouseRows.Query(_warehouse, sql);

    public void Dispose() => _folder.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
