using System.Globalization;

namespace Logbook.Samples.FivetranLog;

internal enum SyncOutcome
{
    Successful,
    Failure,
    FailureWithTask,
    Canceled,

    /// <summary>Rescheduled by the connector (an API rate limit): the sync resumes before its next slot.</summary>
    Rescheduled,

    /// <summary>A priority-first sync hands over: RESCHEDULED with the "intended behavior" reason.</summary>
    PriorityFirst,
}

/// <summary>What a sync does: pick up changes, load the history of a new connection, or re-sync everything.</summary>
internal enum SyncKind
{
    Incremental,
    Historical,
    Resync,
}

internal sealed record SdkLogRow(DateTime EventTime, string ConnectionId, string Id, string Level, string Message, string SyncId);

/// <summary>
/// Plays one connection's schedule through the window and writes its log rows as the Platform Connector does,
/// in order per sync: <c>sync_start</c>; schema changes; <c>api_call</c> rows or one <c>extract_summary</c>;
/// per table <c>write_to_table_start</c>, <c>write_to_table_end</c> and one <c>records_modified</c> per operation
/// type; <c>sync_stats</c>; <c>sync_end</c> (or a <c>status</c> event). SEVERE events precede failures. The rows
/// each sync changes go to the <see cref="MarLedger"/>.
/// </summary>
internal sealed class SyncSimulator(FivetranLogOptions options, LogSink log, MarLedger mar, List<SdkLogRow>? sdkLog)
{
    /// <summary>Scales how many tables a sync writes, tuned so 300 connections × 30 days make about 10M log rows.</summary>
    private const double TableShare = 2.3;

    /// <summary>The flaky connection's first syncs: every status once, so even a tiny dataset has each.</summary>
    private static readonly SyncOutcome[] s_flakyOpening =
        [SyncOutcome.Failure, SyncOutcome.Successful, SyncOutcome.FailureWithTask, SyncOutcome.Canceled, SyncOutcome.Rescheduled];

    private static readonly string[] s_operations = ["REPLACED_OR_INSERTED", "UPDATED", "DELETED"];

    private SampleRandom _random = new(0);
    private SampleRandom _sdkRandom = new(0);
    private SampleConnection _connection = null!;
    private bool _statusEventStyle;

    public void Run(SampleConnection connection, IReadOnlyList<UserAction> actions)
    {
        _connection = connection;
        _random = SampleRandom.Derive(options.Seed, Streams.Syncs, connection.Index);
        _sdkRandom = SampleRandom.Derive(options.Seed, Streams.SdkLog, connection.Index);
        _statusEventStyle = _random.Chance(0.5);
        log.BeginSource(Streams.LogRows, connection.Index, connection.Id);
        var stop = options.End;
        foreach (var limit in new[] { connection.PausedAt, connection.DeletedAt })
        {
            if (limit is { } at && at < stop)
            {
                stop = at;
            }
        }

        var resyncs = new Queue<DateTime>(actions.Where(a => a.Event == "resync_connector").Select(a => a.Time));
        var next = options.Start;
        if (connection.SetUpInWindow)
        {
            next = InitialSync(connection.SignedUp.AddSeconds(_random.Next(40, 300)), stop);
        }

        var index = 0;
        for (next = NextSlot(next); next < stop;)
        {
            var startAt = next.AddMilliseconds(_random.Next(90_000));
            var kind = SyncKind.Incremental;
            while (resyncs.Count > 0 && resyncs.Peek() <= startAt)
            {
                resyncs.Dequeue();
                kind = SyncKind.Resync;
            }

            var outcome = Outcome(index++, startAt);
            var endAt = Sync(startAt, outcome, kind, createSchema: false, hugeCount: false);
            next = outcome == SyncOutcome.Rescheduled ? endAt.AddMinutes(_random.Next(20, 90)) : NextSlot(endAt);
        }

        foreach (var action in actions)
        {
            log.Write(action.Time, "INFO", action.Event, action.MessageData);
        }
    }

    /// <summary>
    /// A new connection's first sync: schemas and tables created, the history loaded. API connections sync
    /// priority-first: recent data first, handing over with RESCHEDULED ("intended behavior") a few times, as a
    /// <c>status</c> event (before April 2024) or a <c>sync_end</c>, before a SUCCESSFUL end. Returns when it ended.
    /// </summary>
    private DateTime InitialSync(DateTime startAt, DateTime stop)
    {
        var rounds = _connection.IsApi ? _random.Next(3, 6) : 1;
        var at = startAt;
        for (var round = 0; round < rounds && at < stop; round++)
        {
            var last = round == rounds - 1;
            if (_connection.Role == ConnectionRole.New)
            {
                _statusEventStyle = round % 2 == 0;
            }

            at = Sync(at, last ? SyncOutcome.Successful : SyncOutcome.PriorityFirst, SyncKind.Historical, createSchema: round == 0, hugeCount: round == 1 || rounds == 1);
            at = at.AddSeconds(_random.Next(30, 240));
        }

        return at;
    }

    private SyncOutcome Outcome(int index, DateTime startAt)
    {
        if (_connection.BrokenFrom is { } broken && startAt >= broken)
        {
            return SyncOutcome.FailureWithTask;
        }

        if (_connection.Role == ConnectionRole.Flaky && index < s_flakyOpening.Length)
        {
            return s_flakyOpening[index];
        }

        var draw = _random.NextDouble();
        var (failure, withTask, canceled, rescheduled) = _connection.Flaky ? (0.14, 0.05, 0.02, 0.03) : (0.008, 0.003, 0.002, 0.004);
        return draw < failure ? SyncOutcome.Failure
            : draw < failure + withTask ? SyncOutcome.FailureWithTask
            : draw < failure + withTask + canceled ? SyncOutcome.Canceled
            : draw < failure + withTask + canceled + rescheduled ? SyncOutcome.Rescheduled
            : SyncOutcome.Successful;
    }

    private DateTime Sync(DateTime startAt, SyncOutcome outcome, SyncKind kind, bool createSchema, bool hugeCount)
    {
        var syncId = log.BeginSync();
        var at = startAt;
        log.Write(at, "INFO", "sync_start", StartMessage(), syncId);
        Sdk(at, "INFO", "Sync started", syncId);
        at = Step(at, 300, 4_000);
        var authFailure = _connection.BrokenFrom is { } broken && startAt >= broken;
        if (createSchema)
        {
            foreach (var schema in _connection.Tables.Select(t => t.Schema).Distinct())
            {
                log.Write(at, "INFO", "create_schema", $"{{\"schema\":{Json.Quote(schema)}}}", syncId);
                at = Step(at, 5, 200);
            }

            foreach (var table in _connection.Tables)
            {
                log.Write(at, "INFO", "create_table", $"{{\"schema\":{Json.Quote(table.Schema)},\"name\":{Json.Quote(table.Source.Name)}}}", syncId);
                at = Step(at, 5, 300);
            }
        }
        else if (kind == SyncKind.Incremental && !authFailure)
        {
            at = SchemaChanges(at, syncId);
        }

        List<ConnectionTable> written = authFailure ? [] : TablesWritten(kind);
        var counts = written.Select(table => Counts(table, kind, hugeCount)).ToList();
        at = Extract(at, written, counts, syncId, authFailure);

        var writes = outcome is SyncOutcome.Failure or SyncOutcome.FailureWithTask or SyncOutcome.Canceled ? _random.Next(written.Count + 1) : written.Count;
        long loadMs = 0;
        long rows = 0;
        for (var i = 0; i < writes; i++)
        {
            var table = written[i];
            var tableName = Json.Quote(table.Source.Name);
            var begin = at;
            log.Write(at, "INFO", "write_to_table_start", $"{{\"table\":{tableName}}}", syncId);
            var total = counts[i][0] + counts[i][1] + counts[i][2];
            at = at.AddMilliseconds(200 + _random.Next(1_500) + Math.Min(total / 15, 20L * 60 * 1000));
            log.Write(at, "INFO", "write_to_table_end", $"{{\"table\":{tableName}}}", syncId);
            for (var op = 0; op < 3; op++)
            {
                if (counts[i][op] > 0)
                {
                    at = Step(at, 1, 120);
                    log.Write(at, "INFO", "records_modified", RecordsModified(table, op, counts[i][op]), syncId);
                }
            }

            mar.Add(_connection, table, at, MarKindOf(kind, at), counts[i][0] + counts[i][1]);
            Sdk(at, "INFO", string.Create(CultureInfo.InvariantCulture, $"Upserted {counts[i][0] + counts[i][1]} records into {table.Source.Name}"), syncId);
            if (_random.Chance(0.004))
            {
                at = Step(at, 10, 500);
                Warning(at, table, syncId);
            }

            loadMs += (long)(at - begin).TotalMilliseconds;
            rows += total;
            at = Step(at, 20, 800);
        }

        End(at, outcome, syncId, startAt, loadMs, rows, authFailure);
        log.EndSync();
        return at.AddMilliseconds(200);
    }

    /// <summary>Now and then a column appears (alter_table), or a table, which Fivetran itself enables (change_schema_config).</summary>
    private DateTime SchemaChanges(DateTime at, string syncId)
    {
        var perDay = _connection.IntervalMinutes / 1440.0;
        if (_random.Chance(0.12 * perDay))
        {
            var table = _random.Pick(_connection.Tables);
            var (column, type) = _random.Pick(Vocabulary.NewColumns);
            log.Write(at, "INFO", "alter_table",
                $"{{\"type\":\"ADD_COLUMN\",\"table\":{Json.Quote(table.Source.Name)},\"properties\":{{\"columnName\":\"{column}\",\"dataType\":\"{type}\"}}}}", syncId);
            at = Step(at, 20, 400);
        }

        if (_random.Chance(0.03 * perDay))
        {
            var table = _random.Pick(_connection.Tables);
            var name = Json.Quote(table.Source.Name + "_" + _random.Pick(Vocabulary.Nouns));
            log.Write(at, "INFO", "create_table", $"{{\"schema\":{Json.Quote(table.Schema)},\"name\":{name}}}", syncId);
            at = Step(at, 20, 400);
            log.Write(at, "INFO", "change_schema_config",
                $"{{\"actor\":\"{ActionPlanner.SystemActor}\",\"schema\":{Json.Quote(table.Schema)},\"table\":{name},\"enabled\":true}}", syncId);
            at = Step(at, 20, 400);
        }

        return at;
    }

    private List<ConnectionTable> TablesWritten(SyncKind kind)
    {
        if (kind != SyncKind.Incremental)
        {
            return [.. _connection.Tables];
        }

        // A table changes with its activity; the longer since the last sync, the likelier (square root: no transcendental math).
        var hours = Math.Sqrt(_connection.IntervalMinutes / 60.0);
        var written = new List<ConnectionTable>();
        foreach (var table in _connection.Tables)
        {
            if (_random.Chance(Math.Min(0.97, table.Source.Activity * hours * TableShare)))
            {
                written.Add(table);
            }
        }

        return written;
    }

    /// <summary>Rows replaced or inserted, updated and deleted.</summary>
    private long[] Counts(ConnectionTable table, SyncKind kind, bool hugeCount)
    {
        var source = table.Source;
        long inserted;
        if (kind == SyncKind.Incremental)
        {
            inserted = _random.HeavyTail(Math.Max(1, source.TypicalRows * _connection.IntervalMinutes / 60));
        }
        else if (hugeCount && source.Huge)
        {
            // Years of events: more than int can hold (the package's bigint fix, PR #117).
            inserted = _random.NextInt64(2_200_000_000, 4_200_000_000);
        }
        else
        {
            inserted = _random.Around(source.TypicalRows * 24 * _random.Next(60, 700));
        }

        var updated = kind == SyncKind.Incremental && _random.Chance(0.5) ? _random.HeavyTail((inserted / 3) + 1) : 0;
        var deleted = source.Deletes && kind == SyncKind.Incremental && _random.Chance(0.4) ? _random.HeavyTail((inserted / 10) + 1) : 0;
        return [inserted, updated, deleted];
    }

    /// <summary>The extract phase: one <c>api_call</c> row per request (older API connections) or one <c>extract_summary</c>.</summary>
    private DateTime Extract(DateTime at, List<ConnectionTable> written, List<long[]> counts, string syncId, bool authFailure)
    {
        if (authFailure)
        {
            return Step(at, 500, 8_000);
        }

        long queries = 1;
        long rows = 0;
        for (var i = 0; i < written.Count; i++)
        {
            var total = counts[i][0] + counts[i][1] + counts[i][2];
            rows += total;
            var calls = Math.Clamp((total / 400) + 1, 1, _connection.ApiCallRows ? 12 : 4);
            queries += calls;
            var perCall = Math.Min(total / 25 / calls, 25L * 60 * 1000 / calls);
            for (var call = 0; call < calls; call++)
            {
                if (_connection.ApiCallRows)
                {
                    log.Write(at, "INFO", "api_call", ApiCall(written[i], call), syncId);
                }

                at = at.AddMilliseconds(120 + _random.Next(900) + perCall);
            }
        }

        if (!_connection.ApiCallRows)
        {
            var key = _connection.CamelCaseQueries ? "totalQueries" : "total_queries";
            log.Write(at, "INFO", "extract_summary", string.Create(CultureInfo.InvariantCulture, $"{{\"{key}\":{queries},\"total_rows\":{rows}}}"), syncId);
            at = Step(at, 10, 300);
        }

        return at;
    }

    private void End(DateTime at, SyncOutcome outcome, string syncId, DateTime startAt, long loadMs, long rows, bool authFailure)
    {
        switch (outcome)
        {
            case SyncOutcome.Successful:
                if (_random.Chance(0.9))
                {
                    log.Write(at, "INFO", "sync_stats", SyncStats(startAt, at, loadMs, rows), syncId);
                    at = Step(at, 5, 200);
                }

                log.Write(at, "INFO", "sync_end", "{\"status\":\"SUCCESSFUL\"}", syncId);
                Sdk(at, "INFO", "Sync completed", syncId);
                break;
            case SyncOutcome.Failure or SyncOutcome.FailureWithTask:
                var failure = authFailure
                    ? _random.Pick(Vocabulary.AuthFailures)
                    : _random.Pick(Vocabulary.TransientFailures.Where(f => outcome == SyncOutcome.Failure || f.Task is not null).ToList());
                var message = Json.Quote(failure.Message);
                log.Write(at, "SEVERE", "error", $"{{\"type\":\"{failure.Type}\",\"message\":{message}}}", syncId);
                Sdk(at, _sdkRandom.Chance(0.5) ? "ERROR" : "SEVERE", failure.Message, syncId);
                at = Step(at, 50, 2_000);
                log.Write(at, "INFO", "sync_end", outcome == SyncOutcome.Failure || failure.Task is null
                    ? $"{{\"status\":\"FAILURE\",\"reason\":{message}}}"
                    : $"{{\"status\":\"FAILURE_WITH_TASK\",\"reason\":{message},\"taskType\":\"{failure.Task}\"}}", syncId);
                break;
            case SyncOutcome.Canceled:
                log.Write(at, "INFO", "sync_end", "{\"status\":\"CANCELED\"}", syncId);
                break;
            case SyncOutcome.Rescheduled:
                var resume = Json.Instant(at.AddMinutes(30));
                log.Write(at, "WARNING", "warning", "{\"type\":\"rate_limit\",\"message\":\"429 Too Many Requests: API rate limit reached; the sync will be rescheduled\"}", syncId);
                Sdk(at, "WARNING", "Rate limit approaching for endpoint /v1/records", syncId);
                at = Step(at, 50, 1_000);
                log.Write(at, "INFO", "sync_end", $"{{\"status\":\"RESCHEDULED\",\"reason\":\"Sync rescheduled after reaching the source API rate limit; it resumes at {resume}\"}}", syncId);
                break;
            case SyncOutcome.PriorityFirst:
                var reschedule = $"{{\"status\":\"RESCHEDULED\",\"reason\":{Json.Quote(Vocabulary.PriorityFirstReason)}}}";
                log.Write(at, "INFO", _statusEventStyle ? "status" : "sync_end", reschedule, syncId);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null);
        }
    }

    private void Warning(DateTime at, ConnectionTable table, string syncId)
    {
        var text = _random.Pick(Vocabulary.Warnings).Replace("{table}", table.Source.Name, StringComparison.Ordinal);
        // A few warnings are plain text, as older connectors wrote them.
        var message = _random.Chance(0.15) ? text : $"{{\"type\":\"warning\",\"message\":{Json.Quote(text)}}}";
        log.Write(at, "WARNING", "warning", message, syncId);
        Sdk(at, "WARNING", text, syncId);
    }

    private string RecordsModified(ConnectionTable table, int operation, long count)
    {
        var key = _connection.CamelCaseOperation ? "operationType" : "operation_type";
        return string.Create(CultureInfo.InvariantCulture,
            $"{{\"schema\":{Json.Quote(table.Schema)},\"count\":{count},\"{key}\":\"{s_operations[operation]}\",\"table\":{Json.Quote(table.Source.Name)}}}");
    }

    private string ApiCall(ConnectionTable table, int page) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"method\":\"GET\",\"uri\":\"https://api.{_connection.Type.Id.Replace("_", string.Empty, StringComparison.Ordinal)}.com/v2/{table.Source.Name}?page={page + 1}\"}}");

    /// <summary>The v2.6 sync metrics: seconds and megabytes (decimals, as the connector writes them).</summary>
    private string SyncStats(DateTime startAt, DateTime endAt, long loadMs, long rows)
    {
        var totalMs = Math.Max(1, (long)(endAt - startAt).TotalMilliseconds);
        var extractMs = Math.Max(0, totalMs - loadMs) * 7 / 10;
        var processMs = Math.Max(0, totalMs - loadMs - extractMs);
        var mb = rows * 180 / 10_000;
        return $"{{\"extract_time_s\":{Json.Hundredths(extractMs / 10)},\"extract_volume_mb\":{Json.Hundredths(mb)},\"process_time_s\":{Json.Hundredths(processMs / 10)},"
            + $"\"process_volume_mb\":{Json.Hundredths(mb * 8 / 10)},\"load_time_s\":{Json.Hundredths(loadMs / 10)},\"load_volume_mb\":{Json.Hundredths(mb * 9 / 10)},"
            + $"\"total_time_s\":{Json.Hundredths(totalMs / 10)}}}";
    }

    /// <summary>Mostly null, often <c>{}</c>; with dirt, rarely the empty string.</summary>
    private string? StartMessage()
    {
        var draw = _random.NextDouble();
        return draw < 0.7 ? null : draw < 0.99 || !options.Dirt ? "{}" : string.Empty;
    }

    private MarKind MarKindOf(SyncKind kind, DateTime at) => kind switch
    {
        SyncKind.Historical => MarKind.Historical,
        SyncKind.Resync => MarKind.Resync,
        _ when _connection.Type.Kind == SourceKind.Files => MarKind.Unknown,
        _ when _connection.SetUpInWindow && at < _connection.SignedUp.AddDays(14) => MarKind.FreeTrial,
        _ => MarKind.Paid,
    };

    /// <summary>The first schedule slot at or after <paramref name="after"/>: slots fall every interval from midnight plus the phase.</summary>
    private DateTime NextSlot(DateTime after)
    {
        var interval = TimeSpan.FromMinutes(_connection.IntervalMinutes);
        var first = options.Start.AddMinutes(_connection.PhaseMinutes);
        if (after <= first)
        {
            return first;
        }

        var slots = (after - first).Ticks / interval.Ticks;
        var slot = first + (interval * slots);
        return slot < after ? slot + interval : slot;
    }

    private DateTime Step(DateTime at, int minMs, int maxMs) => at.AddMilliseconds(_random.Next(minMs, maxMs));

    /// <summary>Connector SDK connections also log their own lines (written only with the optional tables).</summary>
    private void Sdk(DateTime at, string level, string message, string syncId)
    {
        if (sdkLog is null || _connection.Type.Id != "connector_sdk" || at >= options.End)
        {
            return;
        }

        Span<byte> bytes = stackalloc byte[20];
        _sdkRandom.NextBytes(bytes);
        sdkLog.Add(new SdkLogRow(at.AddMilliseconds(_sdkRandom.Next(1, 50)), _connection.Id, Convert.ToBase64String(bytes), level, message, syncId));
    }
}
