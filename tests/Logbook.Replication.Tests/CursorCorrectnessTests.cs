using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Npgsql;

namespace Logbook.Replication.Tests;

/// <summary>The two ways the seed's <c>created_at &gt; mark LIMIT n</c> loses rows, and rows written while a sync runs.</summary>
public sealed class CursorCorrectnessTests
{
    private const string EventsTable = """
        create table events (id bigint primary key, created_at timestamptz not null default now(), body jsonb, note text);
        create index on events (created_at, id);
        """;

    [Theory]
    [InlineData(Destination.DuckDb)]
    [InlineData(Destination.Postgres)]
    public void A_tie_of_25000_rows_at_one_created_at_crosses_batch_boundaries_without_loss_or_duplicates(Destination destination)
    {
        using var scenario = new SyncScenario(destination, EventsTable);
        // 25,000 rows at one instant (and a few around it), in a shuffled key order: every batch boundary falls inside the tie.
        scenario.Source("""
            insert into events (id, created_at, body, note)
            select (i * 7919) % 25003, timestamptz '2026-11-30 12:00:00.123456+00', jsonb_build_object('i', i), 'tie'
            from generate_series(1, 25000) i;
            insert into events (id, created_at, note) values (100000, '2026-11-30 11:59:59+00', 'before'), (100001, '2026-11-30 12:00:01+00', 'after');
            """);

        var first = scenario.Sync();

        first.RowsSynced.Should().Be(25_002);
        first.Batches.Should().Be(3, "10,000 + 10,000 + 5,002 rows");
        first.Mark.Should().Be(new CursorPosition(new DateTime(2026, 11, 30, 12, 0, 1, DateTimeKind.Utc), "100001"));
        scenario.AssertEqual();
        scenario.Sync().RowsSynced.Should().Be(0, "nothing after the mark");
        scenario.TargetCount().Should().Be(25_002);
    }

    [Fact]
    public void A_transaction_that_commits_late_with_an_earlier_created_at_is_caught_by_the_next_run()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        scenario.Source("insert into events (id, note) select i, 'early' from generate_series(1, 10) i");

        // The late writer takes its now() first, then others commit later rows while it stays open.
        using var late = scenario.OpenSource();
        using var transaction = late.BeginTransaction();
        using (var insert = new NpgsqlCommand("insert into events (id, note) values (500, 'late')", late, transaction))
        {
            insert.ExecuteNonQuery();
        }

        var lateCreatedAt = (DateTime)new NpgsqlCommand("select created_at from events where id = 500", late, transaction).ExecuteScalar()!;
        Thread.Sleep(20);
        scenario.Source("insert into events (id, note) select i, 'after the late one' from generate_series(11, 60) i");

        var during = scenario.Sync();

        // The bound stopped at the open transaction's start: the 50 later rows wait, so the mark cannot pass the late row.
        during.RowsSynced.Should().Be(10);
        during.Mark!.Timestamp.Should().BeBefore(lateCreatedAt);
        scenario.TargetCount().Should().Be(10);

        transaction.Commit();
        scenario.Sync().RowsSynced.Should().Be(51);
        scenario.AssertEqual();
    }

    [Fact]
    public async Task Rows_inserted_while_syncs_run_all_arrive_once_the_writers_stop()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        scenario.Settings = scenario.Settings with { BatchSize = 97 };
        using var stop = new CancellationTokenSource();
        var nextId = 0L;

        // Four writers: small transactions, some stamped with clock_timestamp() (later than their start), some pausing
        // inside the transaction so they commit after rows that others stamped later.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            using var connection = scenario.OpenSource();
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                using var transaction = connection.BeginTransaction();
                for (var i = 0; i < random.Next(1, 6); i++)
                {
                    var stamp = random.Next(2) == 0 ? "now()" : "clock_timestamp()";
                    new NpgsqlCommand($"insert into events (id, created_at, note) values ({Interlocked.Increment(ref nextId)}, {stamp}, 'writer {w}')", connection, transaction).ExecuteNonQuery();
                }

                if (random.Next(4) == 0)
                {
                    Thread.Sleep(random.Next(1, 30));
                }

                transaction.Commit();
                Thread.Sleep(random.Next(0, 4));
            }
        })).ToArray();

        // At least four syncs while the writers run, for at least four seconds: a loaded machine (CI runs test
        // projects side by side) makes each sync slower, not the test weaker.
        var runs = 0;
        var deadline = DateTime.UtcNow.AddSeconds(4);
        while (runs < 4 || DateTime.UtcNow < deadline)
        {
            scenario.Sync();
            runs++;
        }

        var copiedWhileWriting = scenario.TargetCount();
        stop.Cancel();
        await Task.WhenAll(writers);
        scenario.Sync();

        copiedWhileWriting.Should().BeGreaterThan(0, "the syncs ran while rows were being inserted");
        Convert.ToInt64(scenario.SourceScalar("select count(*) from events")).Should().BeGreaterThan(200);
        scenario.AssertEqual();
    }

    [Theory]
    [InlineData(Destination.DuckDb, false)]
    [InlineData(Destination.Postgres, false)]
    [InlineData(Destination.Postgres, true)]
    public void A_row_updated_after_it_was_copied_is_copied_again_with_an_updated_at_cursor(Destination destination, bool targetWithoutKeyIndex)
    {
        // PostgreSQL upserts with "on conflict (id)" through the target's primary key; a target someone created
        // without a unique index on the key takes the delete-then-insert path instead.
        using var scenario = new SyncScenario(destination, """
            create table events (id bigint primary key, created_at timestamptz not null default now(), updated_at timestamptz not null default now(), body jsonb, note text);
            create index on events (updated_at, id);
            create function touch() returns trigger language plpgsql as $$ begin new.updated_at := clock_timestamp(); return new; end $$;
            create trigger events_touch before update on events for each row execute function touch();
            insert into events (id, note) select i, 'v1' from generate_series(1, 30) i;
            """);
        scenario.Settings = scenario.Settings with { Streams = [SyncScenario.Events with { CursorColumn = "updated_at" }] };
        if (targetWithoutKeyIndex)
        {
            using var connection = scenario.Warehouse.OpenConnection();
            DbCommands.Execute(connection, null, "create schema analytics; create table analytics.raw_events (id bigint, created_at timestamptz, updated_at timestamptz, body jsonb, note text)");
        }

        scenario.Sync().RowsSynced.Should().Be(30);

        scenario.Source("update events set note = 'v2', body = '{\"edited\": true}' where id in (3, 17)");
        var second = scenario.Sync();

        second.RowsSynced.Should().Be(2);
        scenario.TargetCount().Should().Be(30, "the updated rows replace their earlier copies");
        scenario.Target("select note from analytics.raw_events where id = 17").Single()[0].Should().Be("v2");
        scenario.AssertEqual();
    }

    [Fact]
    public void Rows_newer_than_the_safety_lag_wait_and_count_in_the_latency()
    {
        using var scenario = new SyncScenario(Destination.DuckDb, EventsTable);
        scenario.Settings = scenario.Settings with { SafetyLag = TimeSpan.FromHours(1) };
        scenario.Source("""
            insert into events (id, created_at, note) values (1, now() - interval '3 hours', 'old'), (2, now() - interval '2 hours', 'old'), (3, now() - interval '10 minutes', 'recent');
            """);

        var result = scenario.Sync();

        result.RowsSynced.Should().Be(2, "the row inside the hour's safety lag is not read yet");
        result.LatencySeconds.Should().BeInRange(599, 700, "latency is the age of the oldest row not replicated (10 minutes), not the age of the mark (2 hours)");
        var health = scenario.Target("select rows_synced, latency_seconds, source_max_created_at from analytics.ai_audit_sync_state where stream = 'events'").Single();
        health[0].Should().Be(2L);
        ((double)health[1]!).Should().BeApproximately(result.LatencySeconds!.Value, 0.001);
        ((DateTime)health[2]!).Should().BeCloseTo(DateTime.UtcNow.AddMinutes(-10), TimeSpan.FromMinutes(1));

        scenario.Settings = scenario.Settings with { SafetyLag = TimeSpan.Zero };
        scenario.Sync().LatencySeconds.Should().Be(0, "caught up");
        scenario.AssertEqual();
    }
}
