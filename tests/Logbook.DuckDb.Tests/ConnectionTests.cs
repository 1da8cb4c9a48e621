using System.Data;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class ConnectionTests
{
    [Fact]
    public void A_bare_path_is_the_data_source()
    {
        using var db = new TempDatabase();
        using var connection = new DuckDbConnection(db.Path);
        connection.DataSource.Should().Be(db.Path);
        connection.Open();
        connection.State.Should().Be(ConnectionState.Open);
        File.Exists(db.Path).Should().BeTrue();
        connection.ServerVersion.Should().Be("v1.5.6");
    }

    [Fact]
    public void Connections_to_one_file_share_one_database()
    {
        using var db = new TempDatabase();
        using var a = new DuckDbConnection($"Data Source={db.Path}");
        using var b = new DuckDbConnection(db.Path);
        a.Open();
        b.Open();
        new DuckDbCommand("CREATE TABLE t AS SELECT 1 AS x", a).ExecuteNonQuery();
        new DuckDbCommand("SELECT x FROM t", b).ExecuteScalar().Should().Be(1);
    }

    [Fact]
    public void Data_survives_closing_every_connection()
    {
        using var db = new TempDatabase();
        using (var a = new DuckDbConnection(db.Path))
        {
            a.Open();
            new DuckDbCommand("CREATE TABLE t AS SELECT 'kept' AS x", a).ExecuteNonQuery();
        }

        using var b = new DuckDbConnection(db.Path);
        b.Open();
        new DuckDbCommand("SELECT x FROM t", b).ExecuteScalar().Should().Be("kept");
    }

    [Fact]
    public async Task Closing_a_connection_frees_what_its_commands_and_readers_still_hold()
    {
        // Found while building this provider: a kept prepared statement (or an open result) that outlived its
        // connection kept the database instance alive, and the next open of the same file waited forever.
        using var db = new TempDatabase();
        var connection = new DuckDbConnection(db.Path);
        connection.Open();
        var command = new DuckDbCommand("CREATE TABLE t AS SELECT * FROM range(5000) r(i)", connection);
        command.ExecuteNonQuery();
        var reader = new DuckDbCommand("SELECT i FROM t", connection).ExecuteReader();
        reader.Read().Should().BeTrue();
        var appender = connection.CreateAppender("t");
        connection.Close();

        var reopen = Task.Run(() =>
        {
            using var again = new DuckDbConnection(db.Path);
            again.Open();
            return new DuckDbCommand("SELECT count(*) FROM t", again).ExecuteScalar();
        });
        var first = await Task.WhenAny(reopen, Task.Delay(TimeSpan.FromSeconds(30)));
        first.Should().BeSameAs(reopen, "reopening must not wait for leftovers of the closed connection");
        (await reopen).Should().Be(5000L);
        appender.Invoking(a => a.Dispose()).Should().NotThrow("nothing was pending");
        reader.Invoking(r => r.Dispose()).Should().NotThrow();
        command.Invoking(c => c.Cancel()).Should().NotThrow("cancelling with nothing to cancel is a no-op");
        command.Dispose();
    }

    [Fact]
    public void Opening_a_file_while_its_last_connection_closes_on_another_thread_never_conflicts()
    {
        // Found by the server's tests under load: the last close of a file's database was still shutting the
        // instance down when another thread opened the file, DuckDB's cache made a second instance, and 1.5 refused
        // it ("Unique file handle conflict: ... is already attached").
        using var db = new TempDatabase();
        db.Execute("CREATE TABLE t AS SELECT * FROM range(100000) r(i)");

        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, _ =>
        {
            for (var i = 0; i < 150; i++)
            {
                try
                {
                    using var connection = new DuckDbConnection(db.Path);
                    connection.Open();
                    new DuckDbCommand("INSERT INTO t VALUES (1)", connection).ExecuteNonQuery();
                }
                catch (DuckDbException e)
                {
                    failures.Add(e.Message);
                }
            }
        });

        failures.Should().BeEmpty();
        using var check = new DuckDbConnection(db.Path);
        check.Open();
        new DuckDbCommand("SELECT count(*) FROM t", check).ExecuteScalar().Should().Be(100600L);
    }

    [Fact]
    public void Read_only_connections_refuse_writes()
    {
        using var db = new TempDatabase();
        using (var writer = new DuckDbConnection(db.Path))
        {
            writer.Open();
            new DuckDbCommand("CREATE TABLE t AS SELECT 1 AS x", writer).ExecuteNonQuery();
        }

        using var reader = new DuckDbConnection($"Data Source={db.Path};Read Only=true");
        reader.Open();
        new DuckDbCommand("SELECT x FROM t", reader).ExecuteScalar().Should().Be(1);
        var write = () => new DuckDbCommand("INSERT INTO t VALUES (2)", reader).ExecuteNonQuery();
        write.Should().Throw<DuckDbException>().WithMessage("*read-only*");
    }

    [Fact]
    public void Plain_memory_databases_are_private_and_named_ones_are_shared()
    {
        using var a = new DuckDbConnection(":memory:");
        using var b = new DuckDbConnection(":memory:");
        a.Open();
        b.Open();
        new DuckDbCommand("CREATE TABLE t(x INT)", a).ExecuteNonQuery();
        new DuckDbCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'", b).ExecuteScalar().Should().Be(0L);

        var name = $":memory:shared{Guid.NewGuid():N}";
        using var c = new DuckDbConnection(name);
        using var d = new DuckDbConnection(name);
        c.Open();
        d.Open();
        new DuckDbCommand("CREATE TABLE t(x INT)", c).ExecuteNonQuery();
        new DuckDbCommand("SELECT count(*) FROM information_schema.tables WHERE table_name = 't'", d).ExecuteScalar().Should().Be(1L);
    }

    [Fact]
    public void Sessions_run_in_utc_unless_told_otherwise()
    {
        using var utc = new DuckDbConnection(":memory:");
        utc.Open();
        new DuckDbCommand("SELECT current_setting('TimeZone')", utc).ExecuteScalar().Should().Be("UTC");
        using var tokyo = new DuckDbConnection("Data Source=:memory:;TimeZone=Asia/Tokyo");
        tokyo.Open();
        new DuckDbCommand("SELECT current_setting('TimeZone')", tokyo).ExecuteScalar().Should().Be("Asia/Tokyo");
    }

    [Fact]
    public void Engine_options_pass_through_the_connection_string()
    {
        using var connection = new DuckDbConnection("Data Source=:memory:;threads=1");
        connection.Open();
        new DuckDbCommand("SELECT current_setting('threads')", connection).ExecuteScalar().Should().Be(1L);
    }

    [Fact]
    public void State_change_events_fire_on_open_and_close()
    {
        using var connection = new DuckDbConnection(":memory:");
        var states = new List<ConnectionState>();
        connection.StateChange += (_, e) => states.Add(e.CurrentState);
        connection.Open();
        connection.Close();
        states.Should().Equal(ConnectionState.Open, ConnectionState.Closed);
    }

    [Fact]
    public void The_provider_factory_creates_working_objects()
    {
        using var connection = DuckDbFactory.Instance.CreateConnection();
        connection.ConnectionString = ":memory:";
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 41 + 1";
        command.ExecuteScalar().Should().Be(42);
    }
}
