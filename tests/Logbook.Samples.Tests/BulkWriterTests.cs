using Logbook.Core.Warehouses;

namespace Logbook.Samples.Tests;

/// <summary>Core's bulk-load contract as the DuckDB warehouse implements it (its first user is the sample generator).</summary>
public sealed class BulkWriterTests : IDisposable
{
    private readonly SampleWarehouse _warehouse = new();

    public BulkWriterTests()
    {
        _warehouse.Rows("create schema s; create table s.t (a varchar, b bigint, c double, d boolean, e timestamp); select 1");
    }

    private IWarehouse Warehouse => _warehouse.Host.Warehouse;

    public void Dispose() => _warehouse.Dispose();

    [Fact]
    public void Writes_every_type_and_nulls_in_column_order()
    {
        using (var connection = Warehouse.OpenConnection())
        using (var writer = Warehouse.OpenBulkWriter(connection, "s", "t"))
        {
            writer.Write("x").Write(5L).Write(2.5).Write(true).Write(new DateTime(2026, 1, 2, 3, 4, 5, 678)).EndRow();
            writer.WriteNull().Write((long?)null).Write((double?)null).Write((bool?)null).Write((DateTime?)null).EndRow();
            writer.RowsWritten.Should().Be(2);
            writer.Complete().Should().Be(2);
        }

        var rows = _warehouse.Rows("select * from s.t order by a nulls last");
        rows[0].Should().Equal("x", 5L, 2.5, true, new DateTime(2026, 1, 2, 3, 4, 5, 678));
        rows[1].Should().OnlyContain(value => value == null).And.HaveCount(5);
    }

    [Fact]
    public void Streams_more_rows_than_a_chunk_and_joins_the_transaction()
    {
        using (var connection = Warehouse.OpenConnection())
        {
            using var transaction = connection.BeginTransaction();
            using (var writer = Warehouse.OpenBulkWriter(connection, "s", "t"))
            {
                for (var i = 0; i < 5_000; i++)
                {
                    writer.Write("r").Write((long)i).Write(i / 2.0).Write(i % 2 == 0).Write(new DateTime(2026, 1, 1).AddSeconds(i)).EndRow();
                }

                writer.Complete().Should().Be(5_000);
            }

            transaction.Rollback();
        }

        _warehouse.Count("select count(*) from s.t").Should().Be(0);
    }

    [Fact]
    public void Misuse_throws_instead_of_writing_garbage()
    {
        using var connection = Warehouse.OpenConnection();
        using var writer = Warehouse.OpenBulkWriter(connection, "s", "t");

        var shortRow = () => writer.Write("only one").EndRow();
        shortRow.Should().Throw<InvalidOperationException>().WithMessage("*1 value(s)*5 columns*");
        writer.Complete();
        var afterComplete = () => writer.Write("late");
        afterComplete.Should().Throw<ObjectDisposedException>();
    }

    [Fact]
    public void A_missing_table_or_a_foreign_connection_is_an_error()
    {
        using var connection = Warehouse.OpenConnection();

        var missing = () => Warehouse.OpenBulkWriter(connection, "s", "nope");
        missing.Should().Throw<System.Data.Common.DbException>();
        var foreign = () => Warehouse.OpenBulkWriter(new ForeignConnection(), "s", "t");
        foreign.Should().Throw<ArgumentException>();
    }

    private sealed class ForeignConnection : System.Data.Common.DbConnection
    {
        [System.Diagnostics.CodeAnalysis.AllowNull]
        public override string ConnectionString { get; set; } = string.Empty;

        public override string Database => string.Empty;

        public override string DataSource => string.Empty;

        public override string ServerVersion => string.Empty;

        public override System.Data.ConnectionState State => System.Data.ConnectionState.Closed;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        public override void Close()
        {
        }

        public override void Open() => throw new NotSupportedException();

        protected override System.Data.Common.DbTransaction BeginDbTransaction(System.Data.IsolationLevel isolationLevel) => throw new NotSupportedException();

        protected override System.Data.Common.DbCommand CreateDbCommand() => throw new NotSupportedException();
    }
}
