using Logbook.Core.Warehouses;

namespace Logbook.Samples.FivetranLog;

/// <summary>
/// Writes <c>log</c> rows: Fivetran-like ids (base64 of 20 bytes, 28 characters), <c>_fivetran_synced</c> from
/// the Platform Connector's hourly sync, and the row-level dirt of docs/sample-data.md. Every row draws the same
/// random numbers with dirt on or off, so switching dirt off changes only the dirty rows. Rows at or after the
/// end of the window are dropped: they would be written after the data was taken.
/// </summary>
internal sealed class LogSink(IBulkWriter writer, FivetranLogOptions options, int platformSyncMinute)
{
    /// <summary>Share of rows written twice, to the letter (issue #34).</summary>
    public const double DuplicateShare = 0.002;

    /// <summary>Share of rows that take the previous row's id and time stamp though they are another event (issue #42).</summary>
    public const double SharedKeyShare = 0.001;

    /// <summary>Share of syncs whose rows carry only the legacy <c>connector_id</c> (<c>connection_id</c> null).</summary>
    public const double LegacyIdSyncShare = 0.02;

    /// <summary>Share of JSON messages cut short (Redshift, issue #113); error and warning messages, which are long, far more often.</summary>
    public const double TruncatedShare = 0.001;

    public const double TruncatedProblemShare = 0.04;

    private readonly DateTime _end = options.End;
    private readonly bool _dirt = options.Dirt;
    private SampleRandom _random = new(0);
    private string? _connectionId;
    private bool _legacyIds;
    private string? _lastId;
    private DateTime _lastTime;

    public long Rows => writer.RowsWritten;

    /// <summary>Starts the rows of one connection (or, with a null id, of a destination's transformations).</summary>
    public void BeginSource(ulong stream, int index, string? connectionId)
    {
        _random = SampleRandom.Derive(options.Seed, stream, index);
        _connectionId = connectionId;
        _legacyIds = false;
        _lastId = null;
    }

    /// <summary>Starts a sync and returns its id (a UUID).</summary>
    public string BeginSync()
    {
        _legacyIds = _random.Chance(LegacyIdSyncShare) && _dirt;
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    public void EndSync() => _legacyIds = false;

    public void Write(DateTime time, string? eventType, string? messageEvent, string? messageData, string? syncId = null, string? transformationId = null)
    {
        var id = NextId();
        var duplicate = _random.NextDouble() < DuplicateShare;
        var sharedKey = _random.NextDouble() < SharedKeyShare;
        var truncate = _random.NextDouble() < (eventType is "SEVERE" or "WARNING" ? TruncatedProblemShare : TruncatedShare);
        var cut = _random.NextDouble();
        if (time >= _end)
        {
            return;
        }

        if (_dirt)
        {
            if (sharedKey && _lastId is not null)
            {
                id = _lastId;
                time = _lastTime;
            }

            if (truncate && messageData is { Length: >= 24 } && messageData[0] == '{')
            {
                // Anywhere before the closing brace, so the text is never valid JSON.
                messageData = messageData[..(messageData.Length / 2 + (int)(cut * (messageData.Length / 2 - 1)))];
            }
        }

        _lastId = id;
        _lastTime = time;
        var synced = Synced(time);
        WriteRow(id, time, eventType, messageData, messageEvent, transformationId, syncId, synced);
        if (duplicate && _dirt)
        {
            WriteRow(id, time, eventType, messageData, messageEvent, transformationId, syncId, synced);
        }
    }

    private void WriteRow(string id, DateTime time, string? eventType, string? messageData, string? messageEvent, string? transformationId, string? syncId, DateTime synced)
    {
        writer.Write(id).Write(time);
        if (_legacyIds)
        {
            writer.WriteNull().Write(_connectionId);
        }
        else
        {
            writer.Write(_connectionId).WriteNull();
        }

        writer.Write(eventType).Write(messageData).Write(messageEvent).Write(transformationId).Write(syncId).Write(synced).EndRow();
    }

    /// <summary>The Platform Connector syncs hourly at a fixed minute; rows it would have synced after the end are stamped with the end.</summary>
    private DateTime Synced(DateTime time)
    {
        var hour = new DateTime(time.Ticks - (time.Ticks % TimeSpan.TicksPerHour), DateTimeKind.Unspecified);
        var synced = hour.AddMinutes(platformSyncMinute);
        if (synced <= time)
        {
            synced = synced.AddHours(1);
        }

        return synced > _end ? _end : synced;
    }

    private string NextId()
    {
        Span<byte> bytes = stackalloc byte[20];
        _random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }
}
