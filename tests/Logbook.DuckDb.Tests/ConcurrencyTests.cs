using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

/// <summary>DuckDB's threading model: one connection per thread, many connections per database.</summary>
public sealed class ConcurrencyTests
{
    [Fact]
    public void Readers_on_separate_connections_run_concurrently_and_agree()
    {
        using var db = new TempDatabase();
        db.Execute("CREATE TABLE t AS SELECT i, i::VARCHAR AS s FROM range(200000) r(i)");

        var results = new long[8];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            using var connection = new DuckDbConnection(db.Path);
            connection.Open();
            for (var pass = 0; pass < 3; pass++)
            {
                using var command = new DuckDbCommand("SELECT i, s FROM t WHERE i % 8 = $1", connection);
                command.Parameters.AddValue(worker);
                using var reader = command.ExecuteReader();
                long sum = 0;
                while (reader.Read())
                {
                    var i = reader.GetInt64(0);
                    reader.GetString(1).Should().Be(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    sum += i;
                }

                results[worker] = sum;
            }
        });

        for (var worker = 0; worker < results.Length; worker++)
        {
            var expected = Enumerable.Range(0, 200000).Where(i => i % 8 == worker).Sum(i => (long)i);
            results[worker].Should().Be(expected);
        }
    }

    [Fact]
    public void Concurrent_writers_on_separate_connections_all_land()
    {
        using var db = new TempDatabase();
        db.Execute("CREATE TABLE t(worker INT, n INT)");

        Parallel.For(0, 4, worker =>
        {
            using var connection = new DuckDbConnection(db.Path);
            connection.Open();
            using var appender = connection.CreateAppender("t");
            for (var n = 0; n < 10_000; n++)
            {
                appender.CreateRow().AppendValue(worker).AppendValue(n).EndRow();
            }
        });

        using var check = new DuckDbConnection(db.Path);
        check.Open();
        new DuckDbCommand("SELECT count(*) FROM t", check).ExecuteScalar().Should().Be(40_000L);
    }

    [Fact]
    public void Sharing_one_connection_between_threads_fails_clearly_instead_of_corrupting_memory()
    {
        using var connection = new DuckDbConnection(":memory:");
        connection.Open();
        using var slow = new DuckDbCommand("SELECT count(*) FROM range(3000000000) a WHERE hash(a.range) = 42", connection);
        var running = Task.Run(() => slow.ExecuteScalar());
        SpinWait.SpinUntil(() => running.IsCompleted || IsBusy(connection), TimeSpan.FromSeconds(10));
        using var other = new DuckDbCommand("SELECT 1", connection);
        other.Invoking(c => c.ExecuteScalar()).Should().Throw<DuckDbOperationInProgressException>().WithMessage("*one connection per thread*");
        // Cancel is best effort (as in every ADO.NET provider): one that lands while the query is still starting
        // can be lost, so repeat it until the query gives up.
        while (!running.IsCompleted)
        {
            slow.Cancel();
            Thread.Sleep(50);
        }

        running.Invoking(t => t.Wait()).Should().Throw<AggregateException>();
    }

    private static bool IsBusy(DuckDbConnection connection) => connection.Session.State != Internal.SessionState.Ready;
}
