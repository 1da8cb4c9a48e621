using Logbook.DuckDb.Native;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class ErrorTests : DuckDbTestBase
{
    [Fact]
    public void Bad_sql_gives_duckdb_exception_with_duckdbs_message_and_the_first_line()
    {
        var act = () => Execute("\n\n  SELECT * FROM missing_table\n  WHERE 1 = 1");
        var error = act.Should().Throw<DuckDbException>().Which;
        error.ErrorType.Should().Be(DuckDbErrorType.Catalog);
        error.EngineMessage.Should().Contain("Table with name missing_table does not exist");
        error.SqlFirstLine.Should().Be("SELECT * FROM missing_table");
        error.Message.Should().Contain("missing_table does not exist").And.Contain("[SQL: SELECT * FROM missing_table]");
        error.IsTransient.Should().BeFalse();
    }

    [Fact]
    public void Syntax_errors_are_parser_errors()
    {
        var act = () => Execute("SELEC 1");
        act.Should().Throw<DuckDbException>().Where(e => e.ErrorType == DuckDbErrorType.Parser && e.EngineMessage.Contains("syntax error"));
    }

    [Fact]
    public void Constraint_and_conversion_errors_carry_their_class()
    {
        Execute("CREATE TABLE k(id INT PRIMARY KEY)");
        Execute("INSERT INTO k VALUES (1)");
        this.Invoking(_ => Execute("INSERT INTO k VALUES (1)")).Should().Throw<DuckDbException>().Where(e => e.ErrorType == DuckDbErrorType.Constraint);
        this.Invoking(_ => Scalar("SELECT 'x'::INTEGER")).Should().Throw<DuckDbException>().Where(e => e.ErrorType == DuckDbErrorType.Conversion);
    }

    [Fact]
    public void A_closed_connection_gives_object_disposed()
    {
        var connection = new DuckDbConnection(":memory:");
        using var command = new DuckDbCommand("SELECT 1", connection);
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<ObjectDisposedException>();
        connection.Open();
        command.ExecuteScalar().Should().Be(1);
        connection.Close();
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<ObjectDisposedException>();
        connection.Dispose();
        command.Invoking(c => c.ExecuteScalar()).Should().Throw<ObjectDisposedException>();
        connection.Invoking(c => c.Open()).Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_second_reader_on_the_same_connection_is_refused_clearly()
    {
        using var first = Command("SELECT * FROM range(10)");
        using var reader = first.ExecuteReader();
        using var second = Command("SELECT 1");
        second.Invoking(c => c.ExecuteScalar()).Should().Throw<DuckDbOperationInProgressException>().WithMessage("*data reader is already open*");
        reader.Close();
        second.ExecuteScalar().Should().Be(1);
    }

    [Fact]
    public void A_bad_configuration_option_is_refused_at_open()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;no_such_option=1");
        connection.Invoking(c => c.Open()).Should().Throw<DuckDbException>().WithMessage("*not recognized: no_such_option*");
    }

    [Fact]
    public void An_unopenable_file_names_the_path()
    {
        using var connection = new DuckDbConnection("/proc/definitely/not/here.duckdb");
        connection.Invoking(c => c.Open()).Should().Throw<DuckDbException>().WithMessage("*/proc/definitely/not/here.duckdb*");
    }
}
