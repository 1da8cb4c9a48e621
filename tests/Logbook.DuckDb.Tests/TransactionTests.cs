using System.Data;
using Logbook.DuckDb.Tests.Support;

namespace Logbook.DuckDb.Tests;

public sealed class TransactionTests : DuckDbTestBase
{
    public TransactionTests()
    {
        Execute("CREATE TABLE t(a INT)");
    }

    [Fact]
    public void Commit_keeps_the_changes()
    {
        using (var transaction = Connection.BeginTransaction())
        {
            Execute("INSERT INTO t VALUES (1), (2)");
            transaction.Commit();
            transaction.IsCompleted.Should().BeTrue();
        }

        Scalar("SELECT count(*) FROM t").Should().Be(2L);
    }

    [Fact]
    public void Rollback_discards_the_changes()
    {
        using (var transaction = Connection.BeginTransaction())
        {
            Execute("INSERT INTO t VALUES (1), (2)");
            transaction.Rollback();
        }

        Scalar("SELECT count(*) FROM t").Should().Be(0L);
    }

    [Fact]
    public void Disposing_without_commit_rolls_back()
    {
        using (Connection.BeginTransaction())
        {
            Execute("INSERT INTO t VALUES (1)");
        }

        Scalar("SELECT count(*) FROM t").Should().Be(0L);
        using var next = Connection.BeginTransaction();
        next.Commit();
    }

    [Fact]
    public void Transactions_do_not_nest_and_complete_once()
    {
        using var transaction = Connection.BeginTransaction();
        Connection.Invoking(c => c.BeginTransaction()).Should().Throw<InvalidOperationException>();
        transaction.Commit();
        transaction.Invoking(t => t.Commit()).Should().Throw<InvalidOperationException>();
        transaction.Invoking(t => t.Rollback()).Should().Throw<InvalidOperationException>();
    }

    [Fact]
    public void Isolation_is_snapshot()
    {
        using var transaction = Connection.BeginTransaction(IsolationLevel.Serializable);
        transaction.IsolationLevel.Should().Be(IsolationLevel.Snapshot);
        Connection.Invoking(c => c.BeginTransaction(IsolationLevel.ReadUncommitted)).Should().Throw<NotSupportedException>();
    }

    [Fact]
    public void Uncommitted_rows_are_invisible_to_other_connections_until_commit()
    {
        var path = Path.Combine(Path.GetTempPath(), $"logbook-tx-{Guid.NewGuid():N}.duckdb");
        try
        {
            using var writer = new DuckDbConnection(path);
            using var observer = new DuckDbConnection(path);
            writer.Open();
            observer.Open();
            using (var create = new DuckDbCommand("CREATE TABLE t(a INT)", writer))
            {
                create.ExecuteNonQuery();
            }

            using var count = new DuckDbCommand("SELECT count(*) FROM t", observer);
            using var transaction = writer.BeginTransaction();
            using (var insert = new DuckDbCommand("INSERT INTO t VALUES (1)", writer))
            {
                insert.ExecuteNonQuery();
            }

            count.ExecuteScalar().Should().Be(0L);
            transaction.Commit();
            count.ExecuteScalar().Should().Be(1L);
        }
        finally
        {
            File.Delete(path);
            File.Delete(path + ".wal");
        }
    }

    [Fact]
    public void A_failed_statement_inside_a_transaction_leaves_nothing_behind_after_rollback()
    {
        using (var transaction = Connection.BeginTransaction())
        {
            Execute("INSERT INTO t VALUES (1)");
            this.Invoking(_ => Execute("INSERT INTO t VALUES ('not a number')")).Should().Throw<DuckDbException>();
            transaction.Rollback();
        }

        Scalar("SELECT count(*) FROM t").Should().Be(0L);
    }
}
