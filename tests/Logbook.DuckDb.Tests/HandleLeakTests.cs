using Logbook.DuckDb.Native;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

/// <summary>
/// Native leaks are invisible to the GC (DuckDB.NET #46, #113, #280), so every owned handle is counted and
/// these soak tests assert the count returns to where it started.
/// </summary>
[Collection(HandleCountCollection.Name)]
public sealed class HandleLeakTests
{
    [Fact]
    [Trait("Category", "Soak")]
    public void A_hundred_thousand_open_close_cycles_leak_no_handle()
    {
        using var db = new TempDatabase();
        using var keeper = new DuckDbConnection(db.Path);
        keeper.Open();
        new DuckDbCommand("CREATE TABLE t AS SELECT 1 AS x", keeper).ExecuteNonQuery();
        var baseline = DuckDbHandle.LiveCount;

        for (var i = 0; i < 100_000; i++)
        {
            using var connection = new DuckDbConnection($"Data Source={db.Path};TimeZone=");
            connection.Open();
            if (i % 1000 == 0)
            {
                using var command = new DuckDbCommand("SELECT x FROM t", connection);
                command.ExecuteScalar().Should().Be(1);
            }
        }

        DuckDbHandle.LiveCount.Should().Be(baseline);
    }

    [Fact]
    [Trait("Category", "Soak")]
    public void Queries_readers_errors_and_appenders_release_every_handle()
    {
        var baseline = DuckDbHandle.LiveCount;
        for (var i = 0; i < 300; i++)
        {
            using var connection = new DuckDbConnection(":memory:");
            connection.Open();
            using (var command = new DuckDbCommand("CREATE TABLE t(a INT, b VARCHAR); INSERT INTO t VALUES (1, 'x')", connection))
            {
                command.ExecuteNonQuery();
            }

            using (var command = new DuckDbCommand("SELECT a, b, [a, a] FROM t, range(3000)", connection))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    _ = reader.GetString(2);
                }
            }

            using (var bad = new DuckDbCommand("SELECT * FROM missing", connection))
            {
                bad.Invoking(c => c.ExecuteNonQuery()).Should().Throw<DuckDbException>();
            }

            using (var appender = connection.CreateAppender("t"))
            {
                appender.CreateRow().AppendValue(2).AppendValue("y").EndRow();
            }

            using (var reused = new DuckDbCommand("SELECT $1::INT", connection))
            {
                var parameter = reused.Parameters.AddValue(0);
                for (var n = 0; n < 5; n++)
                {
                    parameter.Value = n;
                    reused.ExecuteScalar().Should().Be(n);
                }
            }
        }

        DuckDbHandle.LiveCount.Should().Be(baseline);
    }
}

/// <summary>The handle counter is process-wide: tests that read it must not run beside other DuckDB tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HandleCountCollection
{
    public const string Name = "Native handle counting";
}
