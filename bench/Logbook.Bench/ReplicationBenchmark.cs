using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Logbook.Audit;
using Logbook.Core.Querying;
using Logbook.Core.Replication;
using Logbook.Core.Templates;
using Logbook.Core.Warehouses;
using Logbook.Replication;
using Logbook.TestSupport;
using Logbook.Warehouse.DuckDb;
using Logbook.Warehouse.Postgres;
using Logbook.Warehouse.Postgres.Replication;
using Npgsql;

namespace Logbook.Bench;

/// <summary>
/// Issue 7's benchmark: <c>ai_audit_logs</c> (about 1 KB of JSON a row) generated in a throwaway PostgreSQL cluster,
/// then a full initial delta sync of the shipped <c>ai_audit_logs</c> stream into a fresh DuckDB file and into a
/// fresh PostgreSQL database of the same cluster, in rows/s, against the floor measured in the same run: the rate at
/// which <c>COPY (SELECT ...) TO STDOUT (FORMAT binary)</c> reads the same rows, every value read with a typed read.
/// </summary>
internal static class ReplicationBenchmark
{
    public const long DefaultRows = 5_000_000;
    private const double TargetShare = 0.50;
    private const string Table = "ai_audit_logs";
    private const string AuditSchema = "logbook_audit";
    private const int GenerateChunk = 250_000;

    public static int Run(BenchOptions options)
    {
        try
        {
            return Measure(options);
        }
        catch (CheckFailedException e)
        {
            // A sync that lost or duplicated rows is not a measurement.
            Measurement.Progress($"FAILED: {e.Message}");
            return 1;
        }
    }

    /// <summary>Returns 0 when every pass ran and checked out, whether or not the target was met (the report says PASS or FAIL), as the other benchmarks do.</summary>
    private static int Measure(BenchOptions options)
    {
        var started = DateTime.UtcNow;
        var machine = MachineInfo.Describe();
        var code = MachineInfo.SourceOf(options.RepositoryRoot, "src");
        var busyBefore = BenchReport.SettleDown();
        using var temporary = new TemporaryFolder();
        var cluster = PostgresCluster.Shared;
        var database = cluster.CreateDatabase("replication_source");
        var server = cluster.Psql("postgres", "select 'PostgreSQL ' || current_setting('server_version') || ', shared_buffers ' || current_setting('shared_buffers') || ', work_mem ' || current_setting('work_mem')");
        var sourceUrl = $"postgres://{cluster.User}:{PostgresCluster.Password}@127.0.0.1:{cluster.Port.ToString(CultureInfo.InvariantCulture)}/{database}";
        var directConnection = cluster.ConnectionString(database) + ";Command Timeout=0";

        // 1. The source table (untimed).
        var data = Generate(directConnection, options.Rows);
        var settings = ShippedStreams.Settings(_ => null);
        settings = settings with
        {
            Streams = [settings.Find(Table) ?? throw new InvalidOperationException("the shipped streams have no ai_audit_logs")],
            SafetyLag = TimeSpan.Zero,
            BatchSize = options.BatchSize,
        };
        SourceTable table;
        using (var describe = PostgresReplicationSource.FromUrl(sourceUrl, "the benchmark's source"))
        {
            table = describe.Describe("public", Table);
        }

        var select = string.Join(", ", table.Columns.Select(SelectExpression));
        Measurement.Progress($"the replicator's select list (and the floor's): {select}");

        // 2. Warm-up: one floor read (untimed) brings the table into the OS page cache; then rounds of floor, source
        //    pages only, PG -> DuckDB and PG -> PG, interleaved so that a slow spell of the machine hits all of them.
        Measurement.Progress("floor: warm-up");
        Check("floor warm-up", data.Rows, Floor(directConnection, table, select).Rows);
        var floor = new List<PassRun>();
        var pages = new List<PassRun>();
        var duck = new List<SyncRun>();
        var postgres = new List<SyncRun>();
        var duckFloor = new List<PassRun>();
        var postgresFloor = new List<PassRun>();
        object duckThreads = "?";
        for (var run = 1; run <= options.Runs; run++)
        {
            var f = Floor(directConnection, table, select);
            Check("floor", data.Rows, f.Rows);
            floor.Add(f);
            Measurement.Progress($"floor: run {run}/{options.Runs}: {f.Seconds:0.000} s, {f.Rows / f.Seconds:N0} rows/s");

            var p = PagesOnly(sourceUrl, table, settings);
            Check("source pages only", data.Rows, p.Rows);
            pages.Add(p);
            Measurement.Progress($"source pages only: run {run}/{options.Runs}: {p.Seconds:0.000} s, {p.Rows / p.Seconds:N0} rows/s");

            var duckPath = Path.Combine(temporary.Path, $"replica-{run}.duckdb");
            var duckDb = DuckDbWarehouse.FromTarget(new WarehouseTarget("bench", WarehouseKind.DuckDb, new Dictionary<string, string> { ["path"] = duckPath }), temporary.Path);
            var d = Sync("PG -> DuckDB", duckDb, duckPath + ".audit-journal", sourceUrl, settings, data.Rows);
            duckThreads = d.EngineSetting;
            duck.Add(d);
            Measurement.Progress($"PG -> DuckDB: run {run}/{options.Runs}: {d.Seconds:0.000} s, {d.Rows / d.Seconds:N0} rows/s, DuckDB file {Gib(d.DestinationBytes):N2} GiB");
            var dw = WriteFloor(directConnection, table, select, duckDb, settings, data.Rows);
            duckFloor.Add(dw);
            Measurement.Progress($"write floor, DuckDB: run {run}/{options.Runs}: {dw.Seconds:0.000} s, {dw.Rows / dw.Seconds:N0} rows/s");
            foreach (var file in Directory.GetFiles(temporary.Path, $"replica-{run}.duckdb*"))
            {
                File.Delete(file);
            }

            var journal = duckPath + ".audit-journal";
            if (Directory.Exists(journal))
            {
                Directory.Delete(journal, recursive: true);
            }

            var replica = cluster.CreateDatabase("replication_replica");
            var pg = PostgresWarehouse.FromTarget(new WarehouseTarget("bench", WarehouseKind.Postgres, new Dictionary<string, string>
            {
                ["host"] = "127.0.0.1",
                ["port"] = cluster.Port.ToString(CultureInfo.InvariantCulture),
                ["user"] = cluster.User,
                ["password"] = PostgresCluster.Password,
                ["dbname"] = replica,
            }));
            var r = Sync("PG -> PG", pg, null, sourceUrl, settings, data.Rows);
            postgres.Add(r);
            Measurement.Progress($"PG -> PG: run {run}/{options.Runs}: {r.Seconds:0.000} s, {r.Rows / r.Seconds:N0} rows/s, database {Gib(r.DestinationBytes):N2} GiB");
            var pw = WriteFloor(directConnection, table, select, pg, settings, data.Rows);
            postgresFloor.Add(pw);
            Measurement.Progress($"write floor, PostgreSQL: run {run}/{options.Runs}: {pw.Seconds:0.000} s, {pw.Rows / pw.Seconds:N0} rows/s");
            cluster.Psql("postgres", $"drop database \"{replica}\" with (force)");
        }

        var load = new Load(busyBefore, MachineInfo.CpuBusy(TimeSpan.FromSeconds(2)));
        var report = Report(options, started, machine, code, load, server, duckThreads, data, select, floor, pages, duck, postgres, duckFloor, postgresFloor);
        BenchReport.Publish(options.OutputDirectory!, "replication", started, report);
        return 0;
    }

    /// <summary>
    /// The source table, filled on the server with <c>generate_series</c> in chunks of 250,000 rows on two
    /// connections, in <c>created_at</c> order (as an application appends it): four rows a millisecond, so that most
    /// rows share their <c>created_at</c> with others and the cursor's tiebreaker matters. Keys and JSON are
    /// deterministic (md5 of the row number). Then the primary key, the cursor's index and <c>VACUUM ANALYZE</c>.
    /// </summary>
    internal static SourceData Generate(string connectionString, long rows)
    {
        var watch = Stopwatch.StartNew();
        Execute(connectionString, $"""
            create table public.{Table} (
                id uuid not null,
                created_at timestamptz not null,
                user_id text,
                workspace_id text,
                model text,
                request_metadata jsonb,
                response_metadata jsonb,
                prompt_tokens int,
                completion_tokens int,
                cost numeric(12,6)
            )
            """);
        var chunks = new List<(long From, long To)>();
        for (var from = 1L; from <= rows; from += GenerateChunk)
        {
            chunks.Add((from, Math.Min(rows, from + GenerateChunk - 1)));
        }

        var done = 0L;
        Parallel.ForEach(chunks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, chunk =>
        {
            using var connection = new NpgsqlConnection(connectionString);
            connection.Open();
            using var command = new NpgsqlCommand(InsertSql, connection);
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chunk.From });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = chunk.To });
            command.ExecuteNonQuery();
            var total = Interlocked.Add(ref done, chunk.To - chunk.From + 1);
            Measurement.Progress($"generated {total:N0} / {rows:N0} rows ({watch.Elapsed.TotalSeconds:N0} s)");
        });
        Execute(connectionString, $"""
            set maintenance_work_mem = '1GB';
            alter table public.{Table} add primary key (id);
            create index {Table}_created_at_id on public.{Table} (created_at, id);
            """);
        Execute(connectionString, $"vacuum analyze public.{Table}");
        var generated = watch.Elapsed.TotalSeconds;

        using var stats = new NpgsqlConnection(connectionString);
        stats.Open();
        using var query = new NpgsqlCommand($"""
            select (select count(*) from public.{Table}),
                   pg_total_relation_size('public.{Table}'), pg_relation_size('public.{Table}'), pg_indexes_size('public.{Table}'),
                   (select sum(avg_width) from pg_stats where schemaname = 'public' and tablename = '{Table}'),
                   (select avg(pg_column_size(a.*)) from public.{Table} a),
                   (select avg(octet_length(request_metadata::text) + octet_length(response_metadata::text)) from public.{Table}),
                   (select count(distinct created_at) from public.{Table})
            """, stats);
        using var reader = query.ExecuteReader();
        reader.Read();
        var data = new SourceData(
            reader.GetInt64(0),
            generated,
            reader.GetInt64(1),
            reader.GetInt64(2),
            reader.GetInt64(3),
            reader.GetInt64(4),
            (double)reader.GetDecimal(5),
            (double)reader.GetDecimal(6),
            reader.GetInt64(7));
        Measurement.Progress($"source: {data.Rows:N0} rows in {generated:N1} s; {Gib(data.TotalBytes):N2} GiB with indexes, row {data.AverageRowBytes:N0} B, JSON {data.AverageJsonBytes:N0} B");
        if (data.Rows != rows)
        {
            throw new CheckFailedException($"generated {data.Rows} rows, not {rows}");
        }

        return data;
    }

    /// <summary>Rows $1..$2: ids, a created_at four rows to the millisecond, and about 1 KB of JSON over the two JSON columns.</summary>
    private const string InsertSql = $"""
        insert into public.{Table}
        select md5('id' || i)::uuid,
               timestamptz '2026-10-01 00:00:00+00' + (i / 4) * interval '1 millisecond',
               'user_' || (i % 5000),
               'ws_' || (i % 800),
               (array['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'claude-3-haiku', 'gemini-1.5-pro'])[i % 5 + 1],
               jsonb_build_object(
                   'workspaceSnapshotId', 'snap_' || md5('snapshot' || (i / 50)),
                   'requestId', md5('request' || i)::uuid,
                   'endpoint', '/v1/chat/completions',
                   'temperature', (i % 10) / 10.0,
                   'maxTokens', 1024 + i % 3072,
                   'stream', i % 3 = 0,
                   'client', jsonb_build_object('ip', '10.' || (i % 256) || '.' || (i / 256 % 256) || '.' || (i / 65536 % 256),
                                                'userAgent', 'logbook-client/2.4.1 (linux; x64) python/3.12', 'sdk', 'openai-python 1.52.0'),
                   'promptHash', md5('prompt' || i),
                   'messages', jsonb_build_array(
                       jsonb_build_object('role', 'system', 'content', 'You are the assistant of workspace ws_' || (i % 800) || '. Answer from the attached documents only, and cite them.'),
                       jsonb_build_object('role', 'user', 'content', 'Summarise document ' || md5('document' || i) || ' and list the open questions about ' || md5('question' || i) || '.')),
                   'tags', jsonb_build_array('team-' || (i % 40), 'env-production', 'feature-' || (i % 17))),
               jsonb_build_object(
                   'durationMs', 80 + (i * 7919) % 12000,
                   'status', case when i % 97 = 0 then 'error' else 'ok' end,
                   'finishReason', case when i % 11 = 0 then 'length' else 'stop' end,
                   'responseId', 'chatcmpl-' || md5('response' || i),
                   'usage', jsonb_build_object('promptTokens', 200 + (i * 31) % 3000, 'completionTokens', 50 + (i * 17) % 1500,
                                               'totalTokens', 250 + (i * 31) % 3000 + (i * 17) % 1500),
                   'outputPreview', 'Document ' || md5('document' || i) || ' describes ' || md5('output' || i) || '; the open questions are listed below.',
                   'safety', jsonb_build_object('flagged', i % 211 = 0, 'categories', jsonb_build_array()),
                   'cache', jsonb_build_object('hit', i % 5 = 0, 'key', md5('cache' || i))),
               200 + (i * 31) % 3000,
               50 + (i * 17) % 1500,
               round(((200 + (i * 31) % 3000) * 0.0000025 + (50 + (i * 17) % 1500) * 0.00001)::numeric, 6)
        from generate_series($1::bigint, $2::bigint) as i
        """;

    /// <summary>What the replicator selects for a column (<c>PostgresColumnTypes.SelectExpression</c>): JSON and text as <c>::text</c>.</summary>
    private static string SelectExpression(SourceColumn column)
    {
        var name = SqlIdentifier.Quote(column.Name);
        return column switch
        {
            { IsNaiveTimestamp: true } => $"({name} at time zone current_setting('TimeZone'))",
            { Kind: SourceColumnKind.Json or SourceColumnKind.Text } => $"{name}::text",
            _ => name,
        };
    }

    /// <summary>
    /// The floor: <c>COPY (SELECT &lt;the replicator's select list&gt; FROM ai_audit_logs) TO STDOUT (FORMAT binary)</c>
    /// through Npgsql's binary export, every value read with <c>Read&lt;T&gt;</c> of the type the replicator reads it as.
    /// </summary>
    private static PassRun Floor(string connectionString, SourceTable table, string select)
    {
        var kinds = table.Columns.Select(c => c.Kind).ToArray();
        Collect();
        var cpu = CpuClock.Start();
        var start = Stopwatch.GetTimestamp();
        long rows = 0, check = 0;
        using (var connection = new NpgsqlConnection(connectionString))
        {
            connection.Open();
            using var exporter = connection.BeginBinaryExport($"COPY (SELECT {select} FROM public.{Table}) TO STDOUT (FORMAT binary)");
            while (exporter.StartRow() != -1)
            {
                for (var i = 0; i < kinds.Length; i++)
                {
                    if (exporter.IsNull)
                    {
                        exporter.Skip();
                        continue;
                    }

                    check += kinds[i] switch
                    {
                        SourceColumnKind.Uuid => exporter.Read<Guid>().GetHashCode() & 1,
                        SourceColumnKind.TimestampTz => exporter.Read<DateTime>().Ticks & 1,
                        SourceColumnKind.Integer => exporter.Read<int>() & 1,
                        SourceColumnKind.BigInt => exporter.Read<long>() & 1,
                        SourceColumnKind.Decimal => decimal.ToInt64(exporter.Read<decimal>()) & 1,
                        SourceColumnKind.Json or SourceColumnKind.Text => exporter.Read<string>().Length,
                        var other => throw new InvalidOperationException($"the floor does not read {other} columns"),
                    };
                }

                rows++;
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        GC.KeepAlive(check);
        return new PassRun(rows, seconds, cpu.Stop());
    }

    /// <summary>
    /// The write floor (a diagnostic): the floor's export, each value written as it is read into a plain copy of the
    /// target's source columns on the destination (no key, no derived columns, no stage, no state, no audit log),
    /// through the bulk writer the replicator uses, one transaction per batch, with the replicator's DuckDB
    /// checkpoint setting: the least that any replicator committing the seed's batches into this destination does.
    /// </summary>
    private static PassRun WriteFloor(string connectionString, SourceTable table, string select, IWarehouse destination, ReplicationSettings settings, long sourceRows)
    {
        const string copy = "write_floor";
        var kinds = table.Columns.Select(c => c.Kind).ToArray();
        var columns = string.Join(", ", table.Columns.Select(c => SqlIdentifier.Quote(c.Name)));
        var copyName = SqlIdentifier.Qualified(settings.Schema, copy);
        using (var setup = destination.OpenConnection())
        {
            DbCommands.Execute(setup, null, $"create table {copyName} as select {columns} from {SqlIdentifier.Qualified(settings.Schema, settings.Streams[0].TargetTable)} where false");
            if (destination.Kind == WarehouseKind.Postgres)
            {
                // As the replicator's PostgreSQL target (TargetTables): its upsert needs the key's index. DuckDB targets have none.
                DbCommands.Execute(setup, null, $"alter table {copyName} add primary key ({SqlIdentifier.Quote(settings.Streams[0].KeyColumn)})");
            }
        }

        Collect();
        var cpu = CpuClock.Start();
        var start = Stopwatch.GetTimestamp();
        long rows = 0;
        using (var connection = destination.OpenConnection())
        using (var source = new NpgsqlConnection(connectionString))
        using (CheckpointTuning.Apply(destination, connection))
        {
            // The replicator's DuckDB checkpoint setting, restored (with the final checkpoint, timed) as its sync does.
            source.Open();
            using var exporter = source.BeginBinaryExport($"COPY (SELECT {select} FROM public.{Table}) TO STDOUT (FORMAT binary)");
            DbTransaction? transaction = null;
            IBulkWriter? writer = null;
            void Commit()
            {
                writer!.Complete();
                writer.Dispose();
                transaction!.Commit();
                transaction.Dispose();
                (writer, transaction) = (null, null);
            }

            while (exporter.StartRow() != -1)
            {
                transaction ??= connection.BeginTransaction();
                writer ??= destination.OpenBulkWriter(connection, settings.Schema, copy);
                for (var i = 0; i < kinds.Length; i++)
                {
                    if (exporter.IsNull)
                    {
                        exporter.Skip();
                        writer.WriteNull();
                        continue;
                    }

                    _ = kinds[i] switch
                    {
                        SourceColumnKind.Uuid => writer.WriteValue(exporter.Read<Guid>()),
                        SourceColumnKind.TimestampTz => writer.WriteValue(exporter.Read<DateTime>()),
                        SourceColumnKind.Integer => writer.WriteValue(exporter.Read<int>()),
                        SourceColumnKind.BigInt => writer.Write(exporter.Read<long>()),
                        SourceColumnKind.Decimal => writer.WriteValue(exporter.Read<decimal>()),
                        SourceColumnKind.Json or SourceColumnKind.Text => writer.Write(exporter.Read<string>()),
                        var other => throw new InvalidOperationException($"the write floor does not read {other} columns"),
                    };
                }

                writer.EndRow();
                if (++rows % settings.BatchSize == 0)
                {
                    Commit();
                }
            }

            if (writer is not null)
            {
                Commit();
            }
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var times = cpu.Stop();
        using (var check = destination.OpenConnection())
        {
            Check($"{destination.Kind} write floor: rows", sourceRows, Convert.ToInt64(Scalar(check, $"select count(*) from {copyName}"), CultureInfo.InvariantCulture));
            DbCommands.Execute(check, null, $"drop table {copyName}");
        }

        return new PassRun(rows, seconds, times);
    }

    /// <summary>The replicator's reads alone: <see cref="IReplicationSource.ReadPage"/> from the start to the bound, one page after another, nothing written.</summary>
    private static PassRun PagesOnly(string sourceUrl, SourceTable table, ReplicationSettings settings)
    {
        var stream = settings.Streams[0];
        var keyIndex = table.Columns.ToList().FindIndex(c => c.Name == stream.KeyColumn);
        var cursorIndex = table.Columns.ToList().FindIndex(c => c.Name == stream.CursorColumn);
        Collect();
        var cpu = CpuClock.Start();
        var start = Stopwatch.GetTimestamp();
        long rows = 0;
        using (var source = PostgresReplicationSource.FromUrl(sourceUrl, "the benchmark's source"))
        {
            var bound = source.Bound(settings.SafetyLag);
            CursorPosition? after = null;
            var page = new SourcePage(table.Columns, settings.BatchSize);
            while (true)
            {
                source.ReadPage(table, stream.CursorColumn, stream.KeyColumn, after, bound.Upper, null, page, CancellationToken.None);
                rows += page.Count;
                if (page.Count < settings.BatchSize)
                {
                    break;
                }

                var last = page.Count - 1;
                after = new CursorPosition((DateTime)page.Value(last, cursorIndex)!, CursorPosition.KeyText(page.Value(last, keyIndex)!));
            }
        }

        return new PassRun(rows, Stopwatch.GetElapsedTime(start).TotalSeconds, cpu.Stop());
    }

    /// <summary>
    /// One full initial delta sync, as <c>logbook sync ai-audit-logs</c> runs it (<c>ReplicationJob.Run</c>: the
    /// run audit log opened, dead runs marked, <see cref="Replicator.Run"/>, the audit log closed), timed from the
    /// audit log's opening to its disposal. The warehouse and the source are wrapped in timing decorators (a few
    /// clock reads per statement, page and bulk load). Afterwards the target's rows are counted: they must equal the source's.
    /// </summary>
    private static SyncRun Sync(string label, IWarehouse destination, string? journal, string sourceUrl, ReplicationSettings settings, long sourceRows)
    {
        var timed = new TimedWarehouse(destination, SqlIdentifier.Quote(AuditSchema));
        var warehouse = new BulkTimedWarehouse(timed, AuditSchema);
        Collect();
        PeakMemory.Reset();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        using var managed = new ManagedPeak();
        var cpu = CpuClock.Start();
        var start = Stopwatch.GetTimestamp();
        IReadOnlyList<StreamSyncResult> results;
        TimedSource source;
        using (source = new TimedSource(PostgresReplicationSource.FromUrl(sourceUrl, "the benchmark's source"), label))
        using (var audit = AuditLog.Open(warehouse, new AuditOptions { Schema = AuditSchema, TargetName = "bench", JournalDirectory = journal }, w => Measurement.Progress($"audit: {w}")))
        {
            audit.MarkAbandoned();
            results = new Replicator(warehouse, source, settings, audit).Run(new SyncRequest { Mode = SyncMode.Delta, Streams = [Table] });
        }

        var seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuTimes = cpu.Stop();
        var peakManaged = managed.Stop();
        var peakResident = PeakMemory.Bytes();
        allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var result = results.Single();
        if (result.Status != "success")
        {
            throw new CheckFailedException($"{label}: the sync {result.Status}: {result.Error}");
        }

        // The check: every source row is in the target, with its derived columns.
        var target = SqlIdentifier.Qualified(settings.Schema, settings.Streams[0].TargetTable);
        using var connection = destination.OpenConnection();
        var counts = Row(connection, $"select count(*), count(distinct id), count(response_duration_ms), count(workspace_snapshot_id) from {target}");
        Check($"{label}: target rows", sourceRows, counts[0]);
        Check($"{label}: distinct ids in the target", sourceRows, counts[1]);
        Check($"{label}: rows with response_duration_ms", sourceRows, counts[2]);
        Check($"{label}: rows with workspace_snapshot_id", sourceRows, counts[3]);
        Check($"{label}: rows the sync reported", sourceRows, result.RowsSynced);
        var setting = destination.Kind == WarehouseKind.DuckDb
            ? Scalar(connection, "select current_setting('threads')")
            : Scalar(connection, "select current_setting('max_parallel_workers_per_gather')");
        var bytes = destination.Kind == WarehouseKind.DuckDb
            ? Convert.ToInt64(Scalar(connection, "select total_blocks * block_size from pragma_database_size()"), CultureInfo.InvariantCulture)
            : Convert.ToInt64(Scalar(connection, "select pg_database_size(current_database())"), CultureInfo.InvariantCulture);
        return new SyncRun(
            result.RowsSynced,
            result.Batches,
            seconds,
            cpuTimes,
            peakResident,
            peakManaged,
            allocated,
            bytes,
            setting ?? "?",
            source.Pages,
            source.PageSeconds,
            source.OtherSeconds,
            warehouse.BulkLoads,
            warehouse.BulkSeconds,
            warehouse.AuditSeconds,
            timed.Models.Snapshot(),
            timed.Audit.Snapshot(),
            timed.Models.Kinds());
    }

    private static long[] Row(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        reader.Read();
        return [.. Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToInt64(reader.GetValue(i), CultureInfo.InvariantCulture))];
    }

    private static object? Scalar(DbConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(string connectionString, string sql)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static void Check(string what, long expected, long actual)
    {
        if (expected != actual)
        {
            throw new CheckFailedException($"{what}: {actual:N0}, expected {expected:N0}");
        }
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double Gib(long bytes) => bytes / (1024.0 * 1024 * 1024);

    private static double Mib(long bytes) => bytes / (1024.0 * 1024);

    private static double Median(IEnumerable<double> values) => Measurement.MedianOf(values);

    private static double Rate(IReadOnlyList<PassRun> runs) => runs[0].Rows / Median(runs.Select(r => r.Seconds));

    private static double Rate(IReadOnlyList<SyncRun> runs) => runs[0].Rows / Median(runs.Select(r => r.Seconds));

    /// <summary>The run whose time is the median (the lower middle one for an even count), for the breakdown.</summary>
    private static SyncRun MedianRun(IReadOnlyList<SyncRun> runs) => runs.OrderBy(r => r.Seconds).ElementAt((runs.Count - 1) / 2);

    private static string Verdict(bool pass) => pass ? "PASS" : "FAIL";

    private static string Report(BenchOptions options, DateTime started, MachineInfo machine, string code, Load load, string server, object duckThreads,
        SourceData data, string select, IReadOnlyList<PassRun> floor, IReadOnlyList<PassRun> pages, IReadOnlyList<SyncRun> duck, IReadOnlyList<SyncRun> postgres,
        IReadOnlyList<PassRun> duckFloor, IReadOnlyList<PassRun> postgresFloor)
    {
        var floorRate = Rate(floor);
        var text = new StringBuilder();
        text.AppendLine("# Logbook replication benchmark").AppendLine();
        text.AppendLine($"- Run (UTC): {started:yyyy-MM-dd HH:mm:ss}");
        text.AppendLine($"- Command: `dotnet run -c Release --project bench/Logbook.Bench -- replication --rows {options.Rows} --batch-size {options.BatchSize} --runs {options.Runs}`");
        text.AppendLine($"- Source: {code}");
        text.AppendLine($"- PostgreSQL: a throwaway local cluster (`tests/Logbook.TestSupport/PostgresCluster.cs`: fsync, synchronous commit and full-page writes off), {server}, "
            + "on the same 2 cores as Logbook; the source table in one database, each PG -> PG run into a fresh database of the same cluster (dropped after the run).");
        text.AppendLine($"- Data: `public.{Table}` (id uuid primary key, created_at timestamptz, user_id, workspace_id, model text, request_metadata and response_metadata jsonb, "
            + $"prompt_tokens, completion_tokens int, cost numeric(12,6); index on (created_at, id)), {data.Rows:N0} rows generated on the server with `generate_series` "
            + $"in {data.GenerateSeconds:N1} s (untimed; load, indexes, VACUUM ANALYZE), four rows a millisecond ({data.DistinctCreatedAt:N0} distinct created_at values). "
            + $"Size (`pg_total_relation_size`) {Gib(data.TotalBytes):N2} GiB: heap {Gib(data.HeapBytes):N2} GiB, indexes {Gib(data.IndexBytes):N2} GiB. "
            + $"Average row {data.AverageRowBytes:N0} B (`pg_column_size`; planner's width {data.PlannerWidth:N0} B), of which JSON as text {data.AverageJsonBytes:N0} B.");
        text.AppendLine($"- Floor: `COPY (SELECT {select} FROM {Table}) TO STDOUT (FORMAT binary)` through Npgsql's `BeginBinaryExport`, every value read with "
            + "`Read<T>` (Guid, DateTime, string, int, decimal: the types the replicator reads). One untimed warm-up read first (it also brings the table into the OS page cache).");
        text.AppendLine($"- Syncs: a full initial delta sync of the shipped `ai_audit_logs` stream (`ShippedStreams.Settings`, only that stream, safety lag 0, batch size {options.BatchSize:N0}, "
            + "two derived columns), run as `logbook sync ai-audit-logs` runs it (`ReplicationJob.Run`): the real run audit log (`AuditLog.Open`, `MarkAbandoned`), "
            + "`new Replicator(warehouse, PostgresReplicationSource.FromUrl(...), settings, audit).Run(...)`, timed from opening the audit log to closing it "
            + "(DuckDB's last checkpoint included). Into a fresh DuckDB file (temporary folder) and a fresh PostgreSQL database. After each run the target's "
            + "rows, distinct ids and both derived columns are counted: all must equal the source's rows, or the benchmark fails.");
        text.AppendLine("- Source pages only (a diagnostic): the replicator's `PostgresReplicationSource.ReadPage` from the start to the bound, page after page, nothing written.");
        text.AppendLine($"- Write floors (diagnostics), after each sync into the same destination: the floor's export, every value written as it is read into `write_floor`, a plain "
            + $"copy of the target's source columns (`create table ... as select ... where false`: same types, no derived columns; on PostgreSQL the target's primary key on the key column, which its upsert needs; none on DuckDB, as the target), through the bulk writer the "
            + $"replicator uses, one transaction per {options.BatchSize:N0} rows; on DuckDB with the replicator's 1 GiB `checkpoint_threshold` and its final `checkpoint` "
            + "(timed). No stage, no dedupe, no state, no audit log: the least a replicator that commits the seed's batches into that destination does.");
        text.AppendLine($"- Rounds: {options.Runs}, each floor, pages only, PG -> DuckDB and its write floor, PG -> PG and its write floor in turn; the figures are medians. The warehouse and source are wrapped in timing "
            + "decorators for the breakdown below (`TimedWarehouse`, and a clock per page and per bulk load: a few clock reads per batch).");
        text.AppendLine("- Memory: peak resident set of Logbook's process (`VmHWM`, reset through `/proc/self/clear_refs` before each sync; DuckDB's buffers included, "
            + "the PostgreSQL server's not), peak managed heap (sampled every 10 ms), managed bytes allocated per row (all threads).");
        text.AppendLine("- CPU: seconds of CPU used during the pass by Logbook's process, by the PostgreSQL server (every `postgres` process, and the backends that ended, through the postmaster's children's times) and by other processes, from `/proc`. The machine has 2 cores: a pass of S seconds has at most 2 S CPU seconds.");
        text.AppendLine();
        BenchReport.AppendMachine(text, machine, duckThreads, load, "the rates are less reliable.");

        text.AppendLine("## Results").AppendLine();
        text.AppendLine("| Pass | Rows | Median s | Rows/s | Share of floor | Target | | CPU s: Logbook / server / other | Runs (s) |");
        text.AppendLine("|---|---:|---:|---:|---:|---|---|---:|---|");
        text.AppendLine($"| Floor: binary `COPY` export, typed reads | {floor[0].Rows:N0} | {Median(floor.Select(r => r.Seconds)):N2} | {floorRate:N0} | 100 % | | | {Cpu(floor.Select(r => r.Cpu))} | {BenchReport.Runs(floor.Select(r => r.Seconds), "N2")} |");
        foreach (var (label, runs) in new[] { ("PG -> DuckDB", duck), ("PG -> PG", postgres) })
        {
            var rate = Rate(runs);
            text.AppendLine($"| **{label}**, full initial sync | {runs[0].Rows:N0} | {Median(runs.Select(r => r.Seconds)):N2} | **{rate:N0}** | **{rate / floorRate:P1}** | ≥ {TargetShare:P0} of the floor | **{Verdict(rate >= TargetShare * floorRate)}** | {Cpu(runs.Select(r => r.Cpu))} | {BenchReport.Runs(runs.Select(r => r.Seconds), "N2")} |");
        }

        var pagesRate = Rate(pages);
        text.AppendLine($"| Source pages only (diagnostic) | {pages[0].Rows:N0} | {Median(pages.Select(r => r.Seconds)):N2} | {pagesRate:N0} | {pagesRate / floorRate:P1} | | | {Cpu(pages.Select(r => r.Cpu))} | {BenchReport.Runs(pages.Select(r => r.Seconds), "N2")} |");
        foreach (var (label, runs) in new[] { ("DuckDB", duckFloor), ("PostgreSQL", postgresFloor) })
        {
            var rate = Rate(runs);
            text.AppendLine($"| Write floor into {label} (diagnostic) | {runs[0].Rows:N0} | {Median(runs.Select(r => r.Seconds)):N2} | {rate:N0} | {rate / floorRate:P1} | | | {Cpu(runs.Select(r => r.Cpu))} | {BenchReport.Runs(runs.Select(r => r.Seconds), "N2")} |");
        }
        text.AppendLine();

        text.AppendLine("## Memory and destination size").AppendLine();
        text.AppendLine("| Sync | Peak resident (Logbook's process) | Peak managed heap | Allocated per row | Batches | Destination size |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (label, runs) in new[] { ("PG -> DuckDB", duck), ("PG -> PG", postgres) })
        {
            text.AppendLine($"| {label} | {Mib(runs.Max(r => r.PeakResidentBytes)):N0} MiB | {Mib(runs.Max(r => r.PeakManagedBytes)):N0} MiB | {runs.Average(r => (double)r.AllocatedBytes / r.Rows):N0} B | {runs[0].Batches:N0} | {Gib(runs[^1].DestinationBytes):N2} GiB |");
        }

        text.AppendLine();
        text.AppendLine("## Where the time goes (the median run of each)").AppendLine();
        text.AppendLine("The replicator reads the next page on a worker thread while the main thread writes the current one, so the two columns overlap; "
            + "the main thread's time is the warehouse's statements and bulk loads, the source's catalog and bound queries, and the rest, which is mostly waiting for the next page.").AppendLine();
        text.AppendLine("| | PG -> DuckDB | PG -> PG |").AppendLine("|---|---:|---:|");
        var d = MedianRun(duck);
        var p = MedianRun(postgres);
        text.AppendLine($"| Wall time | {d.Seconds:N2} s | {p.Seconds:N2} s |");
        text.AppendLine($"| Reader thread: `ReadPage`, summed ({d.Pages:N0} / {p.Pages:N0} pages) | {d.PageSeconds:N2} s ({d.PageSeconds / d.Seconds:P0}) | {p.PageSeconds:N2} s ({p.PageSeconds / p.Seconds:P0}) |");
        text.AppendLine($"| Main thread: bulk loads into the stage table ({d.BulkLoads:N0} / {p.BulkLoads:N0}) | {d.BulkSeconds:N2} s ({d.BulkSeconds / d.Seconds:P0}) | {p.BulkSeconds:N2} s ({p.BulkSeconds / p.Seconds:P0}) |");
        text.AppendLine($"| Main thread: warehouse statements, begin and commit ({d.Warehouse.Statements:N0} / {p.Warehouse.Statements:N0}) | {d.Warehouse.Busy:N2} s ({d.Warehouse.Busy / d.Seconds:P0}) | {p.Warehouse.Busy:N2} s ({p.Warehouse.Busy / p.Seconds:P0}) |");
        text.AppendLine($"| Main thread: source catalog, bound, null count, progress | {d.SourceOtherSeconds:N2} s | {p.SourceOtherSeconds:N2} s |");
        text.AppendLine($"| Main thread: the rest (waiting for the next page, de-duplication) | {d.Rest:N2} s ({d.Rest / d.Seconds:P0}) | {p.Rest:N2} s ({p.Rest / p.Seconds:P0}) |");
        text.AppendLine($"| Audit log's statements and bulk loads (its own writer thread; {d.Audit.Statements:N0} / {p.Audit.Statements:N0} statements) | {d.Audit.Sum + d.AuditBulkSeconds:N2} s | {p.Audit.Sum + p.AuditBulkSeconds:N2} s |");
        text.AppendLine($"| CPU: Logbook's process / the PostgreSQL server / other processes | {d.Cpu.Own:N1} / {d.Cpu.Server:N1} / {d.Cpu.Others:N1} s | {p.Cpu.Own:N1} / {p.Cpu.Server:N1} / {p.Cpu.Others:N1} s |");
        text.AppendLine();
        foreach (var (label, run) in new[] { ("PG -> DuckDB", d), ("PG -> PG", p) })
        {
            text.AppendLine($"Warehouse statements of the {label} run, slowest kinds first:").AppendLine();
            text.AppendLine("| Statement (first line, names as `<name>`) | Count | Seconds | ms each |").AppendLine("|---|---:|---:|---:|");
            foreach (var (kind, (count, seconds)) in run.Kinds.OrderByDescending(k => k.Value.Seconds).Take(8))
            {
                text.AppendLine($"| `{kind.Replace("|", "\\|", StringComparison.Ordinal)}` | {count:N0} | {seconds:N2} | {seconds * 1000 / count:N2} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Cpu(IEnumerable<CpuTimes> runs)
    {
        var list = runs.ToList();
        return $"{Median(list.Select(c => c.Own)):N1} / {Median(list.Select(c => c.Server)):N1} / {Median(list.Select(c => c.Others)):N1}";
    }

    internal sealed record SourceData(long Rows, double GenerateSeconds, long TotalBytes, long HeapBytes, long IndexBytes, long PlannerWidth, double AverageRowBytes, double AverageJsonBytes, long DistinctCreatedAt);

    private sealed record PassRun(long Rows, double Seconds, CpuTimes Cpu);

    private sealed record SyncRun(
        long Rows,
        long Batches,
        double Seconds,
        CpuTimes Cpu,
        long PeakResidentBytes,
        long PeakManagedBytes,
        long AllocatedBytes,
        long DestinationBytes,
        object EngineSetting,
        int Pages,
        double PageSeconds,
        double SourceOtherSeconds,
        int BulkLoads,
        double BulkSeconds,
        double AuditBulkSeconds,
        SqlTime Warehouse,
        SqlTime Audit,
        IReadOnlyDictionary<string, (int Count, double Seconds)> Kinds)
    {
        /// <summary>Main-thread time in none of the timed calls: mostly waiting for the next page.</summary>
        public double Rest => Math.Max(0, Seconds - Warehouse.Busy - BulkSeconds - SourceOtherSeconds);
    }
}

/// <summary>A pass whose result does not check out (rows lost or duplicated, a failed sync): the benchmark fails.</summary>
internal sealed class CheckFailedException(string message) : Exception(message);

/// <summary>An <see cref="IReplicationSource"/> decorator: the time spent in <see cref="ReadPage"/> (on the reader thread) and in the other calls.</summary>
internal sealed class TimedSource(IReplicationSource inner, string label) : IReplicationSource
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _rows;
    private long _pageTicks;
    private long _otherTicks;
    private int _pages;

    public int Pages => _pages;

    public double PageSeconds => (double)Interlocked.Read(ref _pageTicks) / Stopwatch.Frequency;

    public double OtherSeconds => (double)Interlocked.Read(ref _otherTicks) / Stopwatch.Frequency;

    public string Description => inner.Description;

    public SourceTable Describe(string schema, string table) => Other(() => inner.Describe(schema, table));

    public SourceBound Bound(TimeSpan safetyLag) => Other(() => inner.Bound(safetyLag));

    public long CountNulls(SourceTable table, string column) => Other(() => inner.CountNulls(table, column));

    public (DateTime? OldestPending, DateTime? Max) Progress(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after) =>
        Other(() => inner.Progress(table, cursorColumn, keyColumn, after));

    public void ReadPage(SourceTable table, string cursorColumn, string keyColumn, CursorPosition? after, DateTime upper, CursorPosition? through, SourcePage page, CancellationToken cancellationToken)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            inner.ReadPage(table, cursorColumn, keyColumn, after, upper, through, page, cancellationToken);
            var rows = Interlocked.Add(ref _rows, page.Count);
            if (page.Count > 0 && (_pages + 1) % 50 == 0)
            {
                // Pages are read one ahead of the write: this is roughly the pace of the whole sync.
                var elapsed = Stopwatch.GetElapsedTime(_started).TotalSeconds;
                Measurement.Progress($"{label}: {rows:N0} rows read in {elapsed:N1} s ({rows / elapsed:N0} rows/s so far)");
            }
        }
        finally
        {
            Interlocked.Add(ref _pageTicks, Stopwatch.GetTimestamp() - start);
            Interlocked.Increment(ref _pages);
        }
    }

    public void Dispose() => inner.Dispose();

    private T Other<T>(Func<T> call)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return call();
        }
        finally
        {
            Interlocked.Add(ref _otherTicks, Stopwatch.GetTimestamp() - start);
        }
    }
}

/// <summary>
/// An <see cref="IWarehouse"/> decorator (around a <see cref="TimedWarehouse"/>, which does not time bulk loads) that
/// times each bulk load from its opening to its disposal: the rows written, the flush, and on PostgreSQL the catalog
/// read and the <c>COPY</c>.
/// </summary>
internal sealed class BulkTimedWarehouse(IWarehouse inner, string auditSchema) : IWarehouse
{
    private long _ticks;
    private int _loads;
    private long _auditTicks;
    private int _auditLoads;

    /// <summary>Bulk loads other than the audit log's (the replicator's stage table), and their seconds.</summary>
    public int BulkLoads => _loads;

    public double BulkSeconds => (double)Interlocked.Read(ref _ticks) / Stopwatch.Frequency;

    /// <summary>The audit log's bulk loads (its writer thread), and their seconds.</summary>
    public int AuditLoads => _auditLoads;

    public double AuditSeconds => (double)Interlocked.Read(ref _auditTicks) / Stopwatch.Frequency;

    public WarehouseKind Kind => inner.Kind;

    public string Description => inner.Description;

    public ISqlDialect Dialect => inner.Dialect;

    public string DefaultSchema => inner.DefaultSchema;

    public string DescribeError(Exception exception) => inner.DescribeError(exception);

    public IReadOnlyList<DependentView> DependentViews(DbConnection connection, DbTransaction? transaction, string schema, string name) =>
        inner.DependentViews(connection, transaction, schema, name);

    public DbConnection OpenConnection() => inner.OpenConnection();

    public IBulkWriter OpenBulkWriter(DbConnection connection, string schema, string table)
    {
        var start = Stopwatch.GetTimestamp();
        return new Writer(inner.OpenBulkWriter(connection, schema, table), this, start, schema == auditSchema);
    }

    private void Add(long ticks, bool audit)
    {
        if (audit)
        {
            Interlocked.Add(ref _auditTicks, ticks);
            Interlocked.Increment(ref _auditLoads);
        }
        else
        {
            Interlocked.Add(ref _ticks, ticks);
            Interlocked.Increment(ref _loads);
        }
    }

    private sealed class Writer(IBulkWriter inner, BulkTimedWarehouse owner, long start, bool audit) : IBulkWriter
    {
        private bool _disposed;

        public long RowsWritten => inner.RowsWritten;

        public IBulkWriter WriteNull()
        {
            inner.WriteNull();
            return this;
        }

        public IBulkWriter Write(string? value)
        {
            inner.Write(value);
            return this;
        }

        public IBulkWriter WriteUtf8(ReadOnlySpan<byte> value)
        {
            inner.WriteUtf8(value);
            return this;
        }

        public IBulkWriter Write(long? value)
        {
            inner.Write(value);
            return this;
        }

        public IBulkWriter Write(double? value)
        {
            inner.Write(value);
            return this;
        }

        public IBulkWriter Write(bool? value)
        {
            inner.Write(value);
            return this;
        }

        public IBulkWriter Write(DateTime? value)
        {
            inner.Write(value);
            return this;
        }

        public IBulkWriter WriteValue(object? value)
        {
            inner.WriteValue(value);
            return this;
        }

        public void EndRow() => inner.EndRow();

        public long Complete() => inner.Complete();

        public void Dispose()
        {
            inner.Dispose();
            if (!_disposed)
            {
                _disposed = true;
                owner.Add(Stopwatch.GetTimestamp() - start, audit);
            }
        }
    }
}

/// <summary>CPU seconds used over a pass by this process, by the PostgreSQL server (every <c>postgres</c> process, ended backends included), and by everything else.</summary>
internal readonly record struct CpuTimes(double Own, double Server, double Others);

/// <summary>
/// CPU time from /proc: the machine's busy ticks (/proc/stat), this process's, and the PostgreSQL server's: utime +
/// stime of every process named <c>postgres</c>, plus the postmaster's cutime + cstime (its ended children: a
/// backend that closes during the pass is counted through it).
/// </summary>
internal sealed class CpuClock
{
    private const double TicksPerSecond = 100; // USER_HZ
    private readonly long _machine;
    private readonly long _own;
    private readonly long _server;

    private CpuClock(long machine, long own, long server)
    {
        _machine = machine;
        _own = own;
        _server = server;
    }

    public static CpuClock Start() => new(MachineBusy(), Own(), Server());

    public CpuTimes Stop()
    {
        var machine = MachineBusy() - _machine;
        var own = Own() - _own;
        var server = Server() - _server;
        return new CpuTimes(own / TicksPerSecond, server / TicksPerSecond, Math.Max(0, machine - own - server) / TicksPerSecond);
    }

    /// <summary>Busy ticks of all CPUs: user, nice, system, irq, softirq, steal (not idle, iowait).</summary>
    private static long MachineBusy()
    {
        var fields = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8).Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        return fields.Sum() - fields[3] - fields[4];
    }

    private static long Own() => Times("/proc/self/stat", children: false) ?? 0;

    private static long Server()
    {
        long total = 0;
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(folder)[0]))
            {
                continue;
            }

            // Children's times count for the postmaster only (its parent is not a postgres process); backends have none.
            total += Times(Path.Combine(folder, "stat"), children: true, onlyCommand: "postgres") ?? 0;
        }

        return total;
    }

    /// <summary>utime + stime (fields 14, 15), with <paramref name="children"/> also cutime + cstime (16, 17).</summary>
    private static long? Times(string statFile, bool children, string? onlyCommand = null)
    {
        string line;
        try
        {
            line = File.ReadAllText(statFile);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open < 0 || close < open || (onlyCommand is not null && line[(open + 1)..close] != onlyCommand))
        {
            return null;
        }

        var fields = line[(close + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return children ? ticks + long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture) : ticks;
    }
}

/// <summary>The largest managed heap seen, sampled every 10 ms on a timer until stopped.</summary>
internal sealed class ManagedPeak : IDisposable
{
    private readonly Timer _timer;
    private long _peak;

    public ManagedPeak()
    {
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(10));
    }

    public long Stop()
    {
        _timer.Dispose();
        Sample();
        return Interlocked.Read(ref _peak);
    }

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = GC.GetTotalMemory(forceFullCollection: false);
        long seen;
        while (now > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, seen) != seen)
        {
        }
    }
}
