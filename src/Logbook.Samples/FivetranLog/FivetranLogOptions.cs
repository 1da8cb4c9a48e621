namespace Logbook.Samples.FivetranLog;

/// <summary>What <see cref="FivetranLogGenerator"/> writes. The same options (with <see cref="Until"/> set) give the same data.</summary>
public sealed record FivetranLogOptions
{
    public const int MaxConnections = 10_000;

    public const int MaxDays = 3_660;

    /// <summary>The earliest <see cref="Until"/> (Fivetran's log has a sync_id since 2022; older set-ups reach back years).</summary>
    public static readonly DateOnly EarliestUntil = new(2020, 1, 1);

    /// <summary>The PRNG seed: every id, time and value derives from it.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>How many connections (the log volume scales with it: about 1,100 log rows per connection and day).</summary>
    public int Connections { get; init; } = 40;

    /// <summary>How many days of history before <see cref="Until"/>.</summary>
    public int Days { get; init; } = 30;

    /// <summary>
    /// The end of the data: its midnight (UTC) is the exclusive upper bound of every log timestamp, which lie in
    /// [Until - Days, Until). Null for today (UTC), so the data ends at the last midnight.
    /// </summary>
    public DateOnly? Until { get; init; }

    /// <summary>The schema the tables go to.</summary>
    public string Schema { get; init; } = "fivetran_log";

    /// <summary>Write the deprecated <c>connector</c> table (<c>connector_id</c>, <c>connector_name</c>) instead of <c>connection</c>.</summary>
    public bool LegacyConnectorTable { get; init; }

    /// <summary>Also write the optional v2.6 tables <c>connector_sdk_log</c> and <c>audit_trail</c> (off: their absence is the usual case).</summary>
    public bool IncludeOptionalTables { get; init; }

    /// <summary>Mix in the deliberate dirt of docs/sample-data.md (duplicates, legacy spellings, bad JSON...).</summary>
    public bool Dirt { get; init; } = true;

    /// <summary>Until's midnight, the exclusive end of the data (today's midnight UTC when Until is null).</summary>
    public DateTime End => (Until ?? DateOnly.FromDateTime(DateTime.UtcNow)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);

    /// <summary>The first instant of the data.</summary>
    public DateTime Start => End.AddDays(-Days);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        if (Connections is < 1 or > MaxConnections)
        {
            throw new ArgumentException($"connections must be between 1 and {MaxConnections}, not {Connections}");
        }

        if (Days is < 1 or > MaxDays)
        {
            throw new ArgumentException($"days must be between 1 and {MaxDays}, not {Days}");
        }

        if (string.IsNullOrWhiteSpace(Schema))
        {
            throw new ArgumentException("the schema name is empty");
        }

        if (Until is { } until && until < EarliestUntil)
        {
            throw new ArgumentException($"until must be {EarliestUntil:yyyy-MM-dd} or later, not {until:yyyy-MM-dd}");
        }
    }
}
