using Logbook.Core.Replication;

namespace Logbook.Replication.Tests;

/// <summary>The seed's modes: delta (with --since), full reload, full with a look-back window.</summary>
public sealed class ModesTests
{
    private const string EventsTable = """
        create table events (id bigint primary key, created_at timestamptz not null, body jsonb, note text);
        create index on events (created_at, id);
        insert into events (id, created_at, note)
        select i, timestamptz '2026-12-01 00:00:00+00' + i * interval '1 minute', 'v1' from generate_series(1, 300) i;
        """;

    [Fact]
    public void Since_re_reads_from_a_time_idempotently_and_never_moves_the_mark_back()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        scenario.Settings = scenario.Settings with { BatchSize = 40 };
        var first = scenario.Sync();
        // A row changed at the source without a new created_at: only a re-read brings it.
        scenario.Source("update events set note = 'fixed' where id = 250");

        var since = scenario.Sync(new SyncRequest { Since = new DateTime(2026, 12, 1, 4, 0, 0, DateTimeKind.Utc) });

        since.RowsSynced.Should().Be(61, "minutes 240..300 are re-read");
        since.Mark.Should().Be(first.Mark, "the mark stays where it was");
        scenario.TargetCount().Should().Be(300);
        scenario.Target("select note from analytics.raw_events where id = 250").Single()[0].Should().Be("fixed");
        scenario.AssertEqual();

        scenario.Source("insert into events (id, created_at, note) values (301, '2026-12-01 05:01:00+00', 'new')");
        var again = scenario.Sync(new SyncRequest { Since = new DateTime(2026, 12, 1, 4, 50, 0, DateTimeKind.Utc) });
        again.RowsSynced.Should().Be(12, "minutes 290..300 again, and the new row after the mark");
        again.Mark.Should().Be(new CursorPosition(new DateTime(2026, 12, 1, 5, 1, 0, DateTimeKind.Utc), "301"), "rows past the mark move it forward");
        scenario.AssertEqual();
    }

    [Theory]
    [InlineData(Destination.DuckDb)]
    [InlineData(Destination.Postgres)]
    public void Full_reload_swaps_in_the_source_as_it_is_with_its_mark(Destination destination)
    {
        using var scenario = new SyncScenario(destination, EventsTable);
        scenario.Settings = scenario.Settings with { BatchSize = 70 };
        scenario.Sync();
        scenario.Source("delete from events where id % 10 = 0; update events set note = 'v2' where id = 5");

        var full = scenario.Sync(new SyncRequest { Mode = SyncMode.Full });

        full.RowsSynced.Should().Be(270);
        full.Mark.Should().Be(new CursorPosition(new DateTime(2026, 12, 1, 4, 59, 0, DateTimeKind.Utc), "299"));
        scenario.AssertEqual();
        scenario.Target("select count(*) from information_schema.tables where table_name like '_logbook_%'").Single()[0].Should().Be(0L, "work tables are dropped");
        scenario.Sync().RowsSynced.Should().Be(0, "delta continues from the reload's mark");
    }

    [Fact]
    public void Full_with_a_look_back_re_reads_that_window_and_deletes_what_the_source_deleted_in_it()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        scenario.Settings = scenario.Settings with { BatchSize = 25 };
        scenario.Sync();
        // Deleted in the window (the last hour), deleted before it, and a late row stamped inside the window.
        scenario.Source("""
            delete from events where id in (280, 290, 100);
            insert into events (id, created_at, note) values (1000, '2026-12-01 04:30:30+00', 'late');
            update events set note = 'v2' where id = 270;
            """);

        var result = scenario.Sync(new SyncRequest { Mode = SyncMode.Full, Lookback = TimeSpan.FromHours(1) });

        result.RowsDeleted.Should().Be(2, "ids 280 and 290 were deleted inside the window");
        scenario.Target("select count(*) from analytics.raw_events where id = 100").Single()[0].Should().Be(1L, "a row deleted before the window is not reconciled");
        scenario.Target("select note from analytics.raw_events where id in (270, 1000) order by id").Select(r => r[0]).Should().Equal("v2", "late");
        scenario.Source("insert into events (id, created_at, note) values (100, '2026-12-01 01:40:00+00', 'v1')");
        scenario.AssertEqual();
        scenario.Target("select count(*) from information_schema.tables where table_name like '_logbook_%'").Single()[0].Should().Be(0L);
    }

    [Fact]
    public void Since_with_full_and_lookback_with_delta_are_refused()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        FluentActions.Invoking(() => scenario.Run(new SyncRequest { Mode = SyncMode.Full, Since = DateTime.UtcNow }))
            .Should().Throw<ReplicationException>().WithMessage("--since goes with --mode=delta*");
        FluentActions.Invoking(() => scenario.Run(new SyncRequest { Lookback = TimeSpan.FromHours(1) }))
            .Should().Throw<ReplicationException>().WithMessage("--lookback goes with --mode=full*");
        FluentActions.Invoking(() => scenario.Run(new SyncRequest { Streams = ["nope"] }))
            .Should().Throw<ReplicationException>().WithMessage("no stream 'nope' (streams: events)");
    }
}
