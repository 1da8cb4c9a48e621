using Logbook.Core.Replication;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.Postgres.Replication;

namespace Logbook.Replication.Tests;

/// <summary>Every refusal is one line naming what is wrong; nothing already copied is touched.</summary>
public sealed class ErrorTests
{
    [Fact]
    public void An_unreachable_source_is_one_line_naming_the_server()
    {
        using var scenario = new SyncScenario(Destination.DuckDb);
        var port = FreePort();
        using var source = PostgresReplicationSource.FromUrl($"postgres://postgres:secret@127.0.0.1:{port}/nowhere", "DATABASE_URL");
        var result = new Replicator(scenario.Warehouse, source, scenario.Settings, new Logbook.Core.Runs.NullJobLog("t")).Run(new SyncRequest()).Single();

        result.Status.Should().Be("failed");
        result.Error.Should().StartWith($"cannot connect to source PostgreSQL at 127.0.0.1:{port}/nowhere").And.NotContain("secret").And.NotContain("\n");
        scenario.Target("select status, error from analytics.analytics_sync_runs").Single().Should().Equal("failed", result.Error);
    }

    [Theory]
    [InlineData("create table other (id bigint primary key, created_at timestamptz)", "the source table public.events does not exist in source PostgreSQL at *")]
    [InlineData("create table events (key bigint primary key, created_at timestamptz)", "the source table public.events has no key column 'id' (stream events)")]
    [InlineData("create table events (id bigint, created_at timestamptz)", "the key column public.events.id is not unique at the source (no primary key or unique index on it alone)*")]
    [InlineData("create table events (id bigint primary key, made timestamptz)", "the source table public.events has no cursor column 'created_at' (stream events)")]
    [InlineData("create table events (id bigint primary key, created_at text)", "the cursor column public.events.created_at is text; it must be a timestamp (stream events)")]
    [InlineData("create table events (id bigint primary key, created_at timestamptz); insert into events select i, case when i % 3 = 0 then null else now() end from generate_series(1, 10) i", "the cursor column public.events.created_at has 3 NULL values, which a cursor would never read*")]
    public void A_source_table_that_cannot_be_replicated_safely_is_refused(string setup, string message)
    {
        using var scenario = new SyncScenario(Destination.DuckDb, setup);

        var result = scenario.Run().Single();

        result.Status.Should().Be("failed");
        result.Error.Should().Match(message);
    }

    [Fact]
    public void A_destination_column_of_a_conflicting_type_is_refused_and_its_rows_are_kept()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, "create table events (id bigint primary key, created_at timestamptz not null default now(), note text); insert into events (id) values (1)");
        WarehouseRows.Query(scenario.Warehouse, "create schema analytics; create table analytics.raw_events (id bigint, created_at varchar, note text); insert into analytics.raw_events values (42, 'yesterday', 'mine')");

        var result = scenario.Run().Single();

        result.Error.Should().Be("the destination column analytics.raw_events.created_at is VARCHAR, which cannot hold the source's timestamp with time zone (TIMESTAMPTZ); drop or rename the table (or the column) and sync again");
        scenario.Target("select id, note from analytics.raw_events").Single().Should().Equal(42L, "mine");
    }

    [Fact]
    public void A_failure_in_the_middle_of_a_run_keeps_every_committed_batch_and_the_next_run_goes_on_from_there()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, """
            create table events (id bigint primary key, created_at timestamptz not null, note text);
            insert into events select i, timestamptz '2026-12-01' + i * interval '1 second', 'ok' from generate_series(1, 100) i;
            insert into events values (101, '2026-12-01 00:01:41+00', repeat('x', 50));
            """);
        WarehouseRows.Query(scenario.Warehouse, "create schema analytics; create table analytics.raw_events (id bigint, created_at timestamptz, note varchar(20))");
        scenario.Settings = scenario.Settings with { BatchSize = 30 };
        // DuckDB enforces varchar lengths? It does not: make the fourth batch fail another way, with a check constraint.
        WarehouseRows.Query(scenario.Warehouse, "drop table analytics.raw_events; create table analytics.raw_events (id bigint, created_at timestamptz, note varchar check (length(note) < 20))");

        var failed = scenario.Run().Single();

        failed.Status.Should().Be("failed");
        failed.Error.Should().Contain("CHECK constraint");
        scenario.TargetCount().Should().Be(90, "three batches of 30 committed with their mark; the fourth rolled back whole");
        scenario.Target("select last_id from analytics.analytics_sync_state").Single()[0].Should().Be("90");
        scenario.Target("select status, rows_synced, batches from analytics.analytics_sync_runs").Single().Should().Equal("failed", 90L, 3L);

        scenario.Source("update events set note = 'fixed' where id = 101");
        scenario.Sync().RowsSynced.Should().Be(11);
        scenario.AssertEqual();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
