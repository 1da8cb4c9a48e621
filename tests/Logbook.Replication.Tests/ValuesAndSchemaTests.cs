using Logbook.Core.Replication;

namespace Logbook.Replication.Tests;

/// <summary>What the rows hold: JSON of every size, types, time zones, derived columns, new source columns.</summary>
public sealed class ValuesAndSchemaTests
{
    [Theory]
    [InlineData(Destination.DuckDb)]
    [InlineData(Destination.Postgres)]
    public void Null_and_one_megabyte_json_values_and_every_mapped_type_arrive_unchanged(Destination destination)
    {
        using var scenario = new SyncScenario(destination, """
            create table events (
                id uuid primary key, created_at timestamptz not null, body jsonb, doc json, note text, code varchar(10), flag boolean,
                small smallint, count integer, big bigint, price numeric(12, 4), ratio double precision, day date, at_time time,
                raw bytea, tags text[], span interval);
            insert into events values
              ('00000000-0000-0000-0000-000000000001', '2026-12-01 10:00:00.000001+00', null, null, null, null, null, null, null, null, null, null, null, null, null, null, null),
              ('00000000-0000-0000-0000-000000000002', '2026-12-01 10:00:00.000001+00', 'null', '{"keep": "as written",  "spaces": 1}', 'ü ✓', 'abc', true, -3, 42, 9007199254740993, 1234567.8912, 0.25, '2026-02-28', '23:59:59.999999', '\xdeadbeef', '{a,"b c"}', '1 mon 2 days 03:04:05'),
              ('00000000-0000-0000-0000-000000000003', '2026-12-01 10:00:00.000002+00', jsonb_build_object('big', repeat('x', 1048576), 'n', 1), '[]', '', '', false, 0, 0, 0, 0, -0.5, '1970-01-01', '00:00', '', '{}', '0');
            """);

        scenario.Sync();

        scenario.AssertEqual();
        Convert.ToInt64(scenario.Target("select length(cast(body as varchar)) from analytics.raw_events where note = ''").Single()[0], System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(1_048_576);
    }

    [Fact]
    public void Timestamps_of_a_source_server_in_another_time_zone_land_as_utc_instants()
    {
        using var scenario = new SyncScenario(Destination.DuckDb);
        scenario.Cluster.Psql("postgres", $"alter database \"{scenario.SourceDatabase}\" set timezone = 'America/New_York'");
        scenario.Source("""
            create table events (id bigint primary key, created_at timestamp not null default now(), seen_at timestamptz, note text);
            create index on events (created_at, id);
            insert into events (id, created_at, seen_at, note) values
              (1, '2026-06-01 08:00:00', '2026-06-01 08:00:00', 'summer: UTC-4'),
              (2, '2026-12-01 08:00:00.123456', '2026-12-01 08:00:00', 'winter: UTC-5');
            insert into events (id, note) select i, 'now' from generate_series(3, 40) i;
            """);
        scenario.Settings = scenario.Settings with { BatchSize = 7 };

        scenario.Sync();

        var rows = scenario.Target("select id, created_at, seen_at from analytics.raw_events where id <= 2 order by id");
        rows[0][1].Should().Be(new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc));
        rows[0][2].Should().Be(new DateTime(2026, 6, 1, 12, 0, 0, DateTimeKind.Utc));
        rows[1][1].Should().Be(new DateTime(2026, 12, 1, 13, 0, 0, DateTimeKind.Utc).AddTicks(1_234_560));
        scenario.AssertEqual();
        scenario.Source("insert into events (id, note) values (41, 'later')");
        scenario.Sync().RowsSynced.Should().Be(1, "the mark, kept in UTC, is compared with the local column correctly");
        scenario.AssertEqual();
    }

    [Fact]
    public void Derived_columns_come_from_json_paths_and_are_null_when_the_value_is_missing_or_of_another_type()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, """
            create table ai_audit_logs (id bigint primary key, created_at timestamptz not null default now(), request_metadata jsonb, response_metadata jsonb);
            insert into ai_audit_logs (id, request_metadata, response_metadata) values
              (1, '{"workspaceSnapshotId": "ws-1"}', '{"durationMs": 1234.5}'),
              (2, '{"workspaceSnapshotId": 7}', '{"durationMs": "87"}'),
              (3, '{}', '{"durationMs": "slow"}'),
              (4, null, null),
              (5, '{"workspaceSnapshotId": null}', '{"durationMs": {"p50": 3}}');
            """);
        var shipped = ShippedStreams.Settings(_ => null);
        scenario.Settings = shipped with { Streams = [shipped.Find("ai_audit_logs")!], SafetyLag = TimeSpan.Zero };

        scenario.Sync();

        scenario.Target("select id, response_duration_ms, workspace_snapshot_id from analytics.raw_ai_audit_logs order by id")
            .Should().BeEquivalentTo(new[]
            {
                new object?[] { 1L, 1234.5, "ws-1" },
                new object?[] { 2L, 87.0, "7" },
                new object?[] { 3L, null, null },
                new object?[] { 4L, null, null },
                new object?[] { 5L, null, null },
            }, o => o.WithStrictOrdering());
        scenario.AssertEqual("ai_audit_logs", "raw_ai_audit_logs");
    }

    [Theory]
    [InlineData(Destination.DuckDb)]
    [InlineData(Destination.Postgres)]
    public void A_new_source_column_is_added_to_the_target_and_filled_from_then_on(Destination destination)
    {
        using var scenario = new SyncScenario(destination, """
            create table events (id bigint primary key, created_at timestamptz not null default now(), note text);
            insert into events (id, note) values (1, 'a'), (2, 'b');
            """);
        scenario.Sync();
        scenario.Source("alter table events add column score numeric(5, 1); insert into events (id, note, score) values (3, 'c', 9.5)");

        scenario.Sync().RowsSynced.Should().Be(1);

        scenario.Target("select id, score from analytics.raw_events order by id").Select(r => r[1]).Should().Equal(new object?[] { null, null, 9.5m });
        scenario.AssertEqual();
    }
}
