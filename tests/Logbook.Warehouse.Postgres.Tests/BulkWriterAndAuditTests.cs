using Logbook.Audit;
using Logbook.Core.Runs;

namespace Logbook.Warehouse.Postgres.Tests;

public sealed class BulkWriterAndAuditTests
{
    [Fact]
    public void Binary_copy_converts_each_value_to_its_column_type_within_the_transaction()
    {
        var db = new PgDatabase();
        db.Query("create table public.t (i integer, b bigint, d double precision, s varchar(20), ts timestamp, tz timestamptz, f boolean, n numeric(12,2), j jsonb)");
        var when = new DateTime(2026, 3, 1, 10, 30, 15, 123, DateTimeKind.Utc).AddTicks(4560);

        using (var connection = db.Warehouse.OpenConnection())
        using (var transaction = connection.BeginTransaction())
        {
            using (var writer = db.Warehouse.OpenBulkWriter(connection, "public", "t"))
            {
                writer.Write(7L).Write(3_000_000_000L).Write(1.5).Write("ü").Write(when).Write(when).Write(true).Write(12.25).Write("{\"a\": 1}").EndRow();
                writer.WriteNull().WriteNull().WriteNull().WriteNull().WriteNull().WriteNull().WriteNull().WriteNull().WriteNull().EndRow();
                writer.Complete().Should().Be(2);
            }

            PgDatabase.Query(connection, "select count(*) from public.t").Single()[0].Should().Be(2L, "the rows are visible inside the transaction");
            transaction.Commit();
        }

        var row = db.Query("select i, b, d, s, ts, tz at time zone 'UTC', f, n, j ->> 'a' from public.t where i is not null").Single();
        row.Should().Equal(7, 3_000_000_000L, 1.5, "ü", DateTime.SpecifyKind(when, DateTimeKind.Unspecified), DateTime.SpecifyKind(when, DateTimeKind.Unspecified), true, 12.25m, "1");
        db.Scalar("select count(*) from public.t where i is null and j is null").Should().Be(1L);
    }

    [Fact]
    public void Text_given_as_utf8_bytes_fills_text_and_jsonb_columns_and_invalid_utf8_is_refused()
    {
        var db = new PgDatabase();
        db.Query("create table public.u (s text, j jsonb)");
        using (var connection = db.Warehouse.OpenConnection())
        using (var writer = db.Warehouse.OpenBulkWriter(connection, "public", "u"))
        {
            writer.WriteUtf8("ünï ✓ 𝄞"u8).WriteUtf8("{\"durationMs\": 12.5}"u8).EndRow();
            writer.Invoking(w => w.WriteUtf8([0x68, 0xC3, 0x28])).Should().Throw<System.Text.DecoderFallbackException>();
        }

        db.Query("select s, j ->> 'durationMs' from public.u").Should().BeEmpty("the load was abandoned when the bad value was refused");
        using (var connection = db.Warehouse.OpenConnection())
        using (var writer = db.Warehouse.OpenBulkWriter(connection, "public", "u"))
        {
            writer.WriteUtf8("ünï ✓ 𝄞"u8).WriteUtf8("{\"durationMs\": 12.5}"u8).EndRow();
            writer.Complete();
        }

        db.Query("select s, j ->> 'durationMs' from public.u").Single().Should().Equal("ünï ✓ 𝄞", "12.5");
    }

    [Fact]
    public void A_load_rolled_back_or_abandoned_leaves_nothing_and_a_value_out_of_range_names_its_column()
    {
        var db = new PgDatabase();
        db.Query("create table public.t (i integer, s text)");

        using (var connection = db.Warehouse.OpenConnection())
        {
            using (var transaction = connection.BeginTransaction())
            {
                using (var writer = db.Warehouse.OpenBulkWriter(connection, "public", "t"))
                {
                    writer.Write(1L).Write("kept?").EndRow();
                    writer.Complete();
                }

                transaction.Rollback();
            }

            using (var writer = db.Warehouse.OpenBulkWriter(connection, "public", "t"))
            {
                writer.Write(2L).Write("abandoned").EndRow();
                FluentActions.Invoking(() => writer.Write(5_000_000_000L)).Should().Throw<ArgumentException>().WithMessage("column i (Integer) cannot take the Int64 value 5000000000*");
            }

            FluentActions.Invoking(() => db.Warehouse.OpenBulkWriter(connection, "public", "missing")).Should().Throw<ArgumentException>().WithMessage("table public.missing does not exist*");
        }

        db.Scalar("select count(*) from public.t").Should().Be(0L);
    }

    [Fact]
    public void Runs_opening_the_audit_log_at_the_same_moment_on_a_fresh_database_all_get_it()
    {
        var db = new PgDatabase();
        var warnings = new System.Collections.Concurrent.ConcurrentBag<string>();

        var logs = Enumerable.Range(0, 6).AsParallel().WithDegreeOfParallelism(6)
            .Select(i => AuditLog.Open(db.Warehouse, new AuditOptions(), warnings.Add, $"inv-{i}")).ToList();

        logs.Should().OnlyContain(log => log.IsEnabled, string.Join("; ", warnings));
        logs.ForEach(log => log.Dispose());
        warnings.Should().BeEmpty();
    }

    [Fact]
    public void The_run_audit_log_works_on_postgresql_with_the_seed_columns_batches_and_reruns()
    {
        var db = new PgDatabase();
        var warnings = new List<string>();
        using (var log = AuditLog.Open(db.Warehouse, new AuditOptions { TargetName = "pg", FlushInterval = TimeSpan.FromMilliseconds(50) }, warnings.Add, "inv-pg"))
        {
            log.JobStarted("early", AuditJobType.Model);
            log.Step("early", "compile", message: "compiled");
            log.Flush();
            log.JobEnded("early", AuditStatus.Completed, 3_000_000_000L);
            log.JobStarted("quick", AuditJobType.Test, customMessage: "from config");
            log.Step("quick", "execute", status: "error", message: new string('x', 5000));
            log.JobEnded("quick", AuditStatus.Failed, null, error: "boom");
            log.Flush();
            log.JobStarted("early", AuditJobType.Model);
            log.JobEnded("early", AuditStatus.Completed, 5);
        }

        warnings.Should().BeEmpty();
        db.Query("select column_name from information_schema.columns where table_schema = 'logbook_audit' and table_name = 'audit_summary' order by ordinal_position")
            .Select(r => (string)r[0]!).Take(9).Should().Equal("invocation_id", "model_name", "run_started_at", "run_ended_at", "execution_time_seconds", "rows_processed", "status", "run_by_user", "custom_message");
        var rows = db.Query("select model_name, status, rows_processed, rows_affected, error_message, custom_message, job_type, run_ended_at is not null from logbook_audit.audit_summary order by model_name");
        rows.Should().HaveCount(2);
        rows[0].Should().Equal("early", "completed", 5, 5L, null, null, "model", true);
        rows[1].Should().Equal("quick", "failed", null, null, "boom", "from config", "test", true);
        var steps = db.Query("select model_name, step_name, status, length(message) from logbook_audit.audit_detail order by model_name");
        steps.Select(s => $"{s[0]}/{s[1]}/{s[2]}").Should().Equal("early/compile/info", "quick/execute/error");
        steps[1][3].Should().Be(1000, "messages are capped to the column, never failing the insert");
    }
}
