using System.Diagnostics;
using System.Globalization;
using Logbook.TestSupport;

namespace Logbook.Cli.Tests;

/// <summary>
/// <c>logbook sync ai-audit-logs</c> against a real PostgreSQL source: the seed's variables, its shipped streams, the
/// audit log, and a process killed with SIGKILL twenty times mid-sync.
/// </summary>
public sealed class SyncCommandTests : IDisposable
{
    private readonly CliFixture _cli = new();
    private readonly PostgresCluster _cluster = PostgresCluster.Shared;
    private readonly string _database;

    public SyncCommandTests()
    {
        _database = _cluster.CreateDatabase("sync");
        _cli.Variables["DATABASE_URL"] = $"postgres://{_cluster.User}:{PostgresCluster.Password}@127.0.0.1:{_cluster.Port.ToString(CultureInfo.InvariantCulture)}/{_database}";
    }

    public void Dispose() => _cli.Dispose();

    [Fact]
    public void The_seed_streams_land_in_the_tables_its_variables_name_and_each_run_is_an_audited_job()
    {
        // Stamped a minute ago: the shipped streams keep a 5 s safety lag behind the source's clock.
        _cluster.Psql(_database, """
            create table ai_audit_logs (id uuid primary key default gen_random_uuid(), created_at timestamptz not null default now() - interval '1 minute', request_metadata jsonb, response_metadata jsonb);
            create table workspace_data_snapshots (id bigint primary key, created_at timestamptz not null default now() - interval '1 minute', payload jsonb);
            create table market_snapshots (id text primary key, created_at timestamptz not null default now() - interval '1 minute', symbol text, price numeric(18, 6));
            insert into ai_audit_logs (request_metadata, response_metadata) select jsonb_build_object('workspaceSnapshotId', 'ws-' || i), jsonb_build_object('durationMs', i) from generate_series(1, 25) i;
            insert into workspace_data_snapshots (id, payload) select i, '{}' from generate_series(1, 5) i;
            insert into market_snapshots (id, symbol, price) values ('m1', 'ACME', 12.5);
            """);
        _cli.Variables["AI_AUDIT_BQ_DATASET"] = "lake";
        _cli.Variables["AI_AUDIT_BQ_AUDIT_TABLE"] = "audit_rows";
        _cli.Variables["AI_AUDIT_WAREHOUSE_DESTINATION"] = "duckdb";

        var run = _cli.Run("sync", "ai-audit-logs", "--mode=delta");

        run.ExitCode.Should().Be(0, run.ToString());
        run.Out.Should().Contain("OK ai_audit_logs -> lake.audit_rows: 25 rows in 1 batches")
            .And.Contain("OK workspace_data_snapshots -> lake.raw_workspace_snapshots: 5 rows")
            .And.Contain("OK market_snapshots -> lake.raw_market_snapshots: 1 rows")
            .And.NotContain(PostgresCluster.Password);
        _cli.Query("select count(*), sum(response_duration_ms) from lake.audit_rows").Should().Equal("25,325");
        _cli.Query("select stream, rows_synced from lake.ai_audit_sync_state order by stream").Should().Equal("ai_audit_logs,25", "market_snapshots,1", "workspace_data_snapshots,5");
        _cli.Query("select model_name, status, rows_processed from logbook_audit.audit_summary order by model_name")
            .Should().Equal("sync.ai_audit_logs,completed,25", "sync.market_snapshots,completed,1", "sync.workspace_data_snapshots,completed,5");

        var again = _cli.Run("sync", "ai-audit-logs", "--stream", "market_snapshots", "--mode=full");
        again.ExitCode.Should().Be(0, again.ToString());
        again.Out.Should().Contain("OK market_snapshots -> lake.raw_market_snapshots: 1 rows").And.NotContain("ai_audit_logs");
    }

    [Theory]
    [InlineData(null, null, "bigquery", "AI_AUDIT_WAREHOUSE_DESTINATION=bigquery: Logbook writes to DuckDB or PostgreSQL*")]
    [InlineData(null, null, "postgres", "AI_AUDIT_WAREHOUSE_DESTINATION asks for postgres, but the target 'default' is duckdb")]
    [InlineData("", null, null, "no replication source: set DATABASE_URL*")]
    [InlineData("mysql://x", null, null, "DATABASE_URL is not a valid postgres:// URL*")]
    [InlineData(null, "streams: []\nbatch: 3\n", null, "*replication.yml:2:1: unknown key 'batch'*")]
    [InlineData(null, "streams:\n  - source: events\n", null, "*replication.yml:2:5: a stream needs 'source'*")]
    public void Bad_configuration_is_one_line_and_exit_2(string? databaseUrl, string? replicationYml, string? destination, string message)
    {
        if (databaseUrl is not null)
        {
            _cli.Variables["DATABASE_URL"] = databaseUrl;
        }

        if (replicationYml is not null)
        {
            _cli.Write("replication.yml", replicationYml);
        }

        if (destination is not null)
        {
            _cli.Variables["AI_AUDIT_WAREHOUSE_DESTINATION"] = destination;
        }

        var run = _cli.Run("sync", "ai-audit-logs");

        run.ExitCode.Should().Be(2, run.ToString());
        run.Error.Trim().Should().Match("error: " + message).And.NotContain("\n");
    }

    [Fact]
    public async Task Twenty_kills_at_random_points_then_one_clean_run_leave_source_and_target_equal()
    {
        _cluster.Psql(_database, """
            create table events (id bigint primary key, created_at timestamptz not null, body jsonb);
            create index on events (created_at, id);
            insert into events select i, timestamptz '2026-12-01' + (i / 7) * interval '1 ms', jsonb_build_object('i', i, 'pad', repeat('p', 200)) from generate_series(1, 30000) i;
            """);
        _cli.Write("replication.yml", "batch_size: 400\nsafety_lag: 0s\nstreams:\n  - source: events\n    target: raw_events\n");
        var random = new Random(20261207);
        var killedMidRun = 0;
        var nextId = 30_001;
        for (var kill = 0; kill < 20; kill++)
        {
            if (await RunAndKill(TimeSpan.FromMilliseconds(random.Next(250, 1600))))
            {
                killedMidRun++;
            }

            // New rows keep arriving between the kills, some stamped before the mark (a late commit).
            var late = random.Next(3) == 0 ? "now() - interval '1 day'" : "now()";
            _cluster.Psql(_database, $"insert into events select i, {late}, jsonb_build_object('i', i) from generate_series({nextId}, {nextId + 99}) i");
            nextId += 100;
        }

        var clean = _cli.Run("sync", "ai-audit-logs", "--mode=full", "--lookback=2d");

        clean.ExitCode.Should().Be(0, clean.ToString());
        killedMidRun.Should().BeGreaterThanOrEqualTo(8, "most kills land while the sync is copying");
        var sourceDigest = _cluster.Psql(_database, "select count(*) || ':' || md5(string_agg(id || '=' || body::text, ',' order by id)) from events").Trim();
        var targetDigest = _cli.Query("select count(*) || ':' || md5(string_agg(cast(id as varchar) || '=' || cast(body as varchar), ',' order by id)) from analytics.raw_events").Single();
        targetDigest.Should().Be(sourceDigest, "every row arrives exactly once, with its value");
        _cli.Query("select count(*) from analytics.analytics_sync_runs where status = 'running'").Single().Should().Be("0");
        int.Parse(_cli.Query("select count(*) from analytics.analytics_sync_runs where status = 'abandoned'").Single(), CultureInfo.InvariantCulture)
            .Should().BeGreaterThan(0, "killed runs are marked abandoned by the next one");
    }

    /// <summary>Starts <c>logbook sync</c> as its own process and SIGKILLs it after <paramref name="after"/>; true when it was still running.</summary>
    private async Task<bool> RunAndKill(TimeSpan after)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "logbook"))
        {
            ArgumentList = { "sync", "ai-audit-logs" },
            WorkingDirectory = _cli.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["HOME"] = _cli.Home;
        start.Environment["DATABASE_URL"] = _cli.Variables["DATABASE_URL"];
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(after);
        if (!exited)
        {
            process.Kill();
        }

        await process.WaitForExitAsync();
        await Task.WhenAll(stdout, stderr);
        if (exited)
        {
            process.ExitCode.Should().Be(0, $"{await stdout}\n{await stderr}");
        }

        return !exited;
    }
}
