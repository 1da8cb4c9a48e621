using System.Data;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class CommandTests : DuckDbTestBase
{
    [Fact]
    public void Execute_non_query_returns_the_real_changed_row_count()
    {
        Execute("CREATE TABLE t(a INT)").Should().Be(-1);
        Execute("INSERT INTO t SELECT * FROM range(1234)").Should().Be(1234);
        Execute("UPDATE t SET a = a + 1 WHERE a < 100").Should().Be(100);
        Execute("DELETE FROM t WHERE a > 1000").Should().Be(233);
        Execute("UPDATE t SET a = 0 WHERE a < 0").Should().Be(0);
    }

    [Fact]
    public void Create_table_as_select_reports_unknown_because_duckdb_does_not_count_it()
    {
        // DuckDB 1.5 returns no row count for CTAS: -1 (unknown), never a made-up 0.
        Execute("CREATE TABLE src AS SELECT * FROM range(77) r(i)").Should().Be(-1);
        Execute("INSERT INTO src SELECT * FROM range(77)").Should().Be(77);
    }

    [Fact]
    public void Multi_statement_text_sums_changed_rows_and_runs_in_order()
    {
        Execute("CREATE TABLE t(a INT); INSERT INTO t VALUES (1),(2),(3); UPDATE t SET a = a * 10 WHERE a > 1;").Should().Be(5);
        Scalar("SELECT sum(a)::BIGINT FROM t").Should().Be(51L);
    }

    [Fact]
    public void Positional_parameters_bind_in_order()
    {
        Scalar("SELECT ?::VARCHAR || '-' || ?::VARCHAR", "a", "b").Should().Be("a-b");
        Scalar("SELECT $2 - $1", 1, 10).Should().Be(9);
    }

    [Fact]
    public void Named_parameters_bind_by_name_with_any_sigil()
    {
        using var command = Command("SELECT $first || ' ' || $last");
        command.Parameters.AddWithValue("last", "Lovelace");
        command.Parameters.AddWithValue("$first", "Ada");
        command.ExecuteScalar().Should().Be("Ada Lovelace");
        command.Parameters[0].ParameterName = "@last";
        command.ExecuteScalar().Should().Be("Ada Lovelace");
    }

    [Fact]
    public void A_missing_parameter_is_a_clear_error()
    {
        using var command = Command("SELECT $who");
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<InvalidOperationException>().WithMessage("*$who*");
        using var positional = Command("SELECT ?, ?", 1);
        positional.Invoking(c => c.ExecuteScalar()).Should().Throw<InvalidOperationException>().WithMessage("*$2*1 parameter*");
    }

    [Fact]
    public void Values_are_bound_not_spliced_into_sql()
    {
        Execute("CREATE TABLE users(name VARCHAR)");
        const string hostile = "x'); DROP TABLE users; --";
        Execute("INSERT INTO users VALUES ($1)", hostile).Should().Be(1);
        Scalar("SELECT name FROM users").Should().Be(hostile);
    }

    [Fact]
    public void A_single_statement_command_is_reused_with_new_parameter_values()
    {
        Execute("CREATE TABLE t(a INT)");
        using var insert = Command("INSERT INTO t VALUES ($1)");
        var parameter = insert.Parameters.AddValue(0);
        for (var i = 1; i <= 50; i++)
        {
            parameter.Value = i;
            insert.ExecuteNonQuery().Should().Be(1);
        }

        Scalar("SELECT sum(a)::BIGINT FROM t").Should().Be(1275L);
    }

    [Fact]
    public void Changing_command_text_prepares_the_new_statement()
    {
        using var command = Command("SELECT 1");
        command.ExecuteScalar().Should().Be(1);
        command.CommandText = "SELECT 2";
        command.ExecuteScalar().Should().Be(2);
    }

    [Fact]
    public void An_empty_command_does_nothing()
    {
        Execute("-- only a comment").Should().Be(-1);
        Scalar("   ").Should().BeNull();
    }

    [Fact]
    public void Cancel_from_another_thread_interrupts_a_running_query()
    {
        using var command = Command("SELECT count(*) FROM range(10000000000) a, range(1000) b WHERE a.range + b.range < 0");
        using var timer = new Timer(_ => command.Cancel(), null, 300, 300);
        var started = DateTime.UtcNow;
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<DuckDbException>().Where(e => e.ErrorType == Native.DuckDbErrorType.Interrupt);
        (DateTime.UtcNow - started).Should().BeLessThan(TimeSpan.FromSeconds(30));
        Scalar("SELECT 1").Should().Be(1, "the connection stays usable after an interrupt");
    }

    [Fact]
    public void Cancel_on_one_command_never_interrupts_another_command_on_the_same_connection()
    {
        using var finished = Command("SELECT 1");
        finished.ExecuteScalar();
        using var timer = new Timer(_ => finished.Cancel(), null, 0, 5);
        // Long enough (hundreds of ms) for many stray Cancel() calls to land while it runs.
        var started = DateTime.UtcNow;
        Scalar("SELECT count(*) FROM range(20000) a, range(20000) b WHERE a.range + b.range < 0").Should().Be(0L);
        (DateTime.UtcNow - started).Should().BeGreaterThan(TimeSpan.FromMilliseconds(100), "stray interrupts had time to land");
    }

    [Fact]
    public async Task A_cancelled_token_interrupts_the_query_with_operation_cancelled()
    {
        using var command = Command("SELECT count(*) FROM range(10000000000) a, range(1000) b WHERE a.range + b.range < 0");
        using var source = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await command.Invoking(c => c.ExecuteNonQueryAsync(source.Token)).Should().ThrowAsync<OperationCanceledException>();
        Scalar("SELECT 1").Should().Be(1);
    }

    [Fact]
    public void Command_timeout_interrupts_with_a_timeout_error()
    {
        using var command = Command("SELECT count(*) FROM range(10000000000) a, range(1000) b WHERE a.range + b.range < 0");
        command.CommandTimeout = 1;
        command.Invoking(c => c.ExecuteNonQuery()).Should().Throw<TimeoutException>().WithMessage("*CommandTimeout*");
    }

    [Fact]
    public void Only_text_commands_and_input_parameters_exist()
    {
        using var command = Command("SELECT 1");
        command.Invoking(c => c.CommandType = CommandType.StoredProcedure).Should().Throw<NotSupportedException>();
        new DuckDbParameter().Invoking(p => p.Direction = ParameterDirection.Output).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Unsupported_parameter_types_are_refused_with_their_name()
    {
        using var command = Command("SELECT $1", new Uri("http://example.invalid"));
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<NotSupportedException>().WithMessage("*System.Uri*");
    }
}
