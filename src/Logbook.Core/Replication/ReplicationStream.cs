namespace Logbook.Core.Replication;

/// <summary>
/// One table copied from a PostgreSQL source into the warehouse: which rows (the composite cursor
/// <c>(<see cref="CursorColumn"/>, <see cref="KeyColumn"/>)</c>), where they land, and the columns derived from JSON.
/// </summary>
public sealed record ReplicationStream
{
    /// <summary>The stream's name in the state tables, the run history and the audit log (for example <c>ai_audit_logs</c>).</summary>
    public required string Name { get; init; }

    public string SourceSchema { get; init; } = "public";

    public required string SourceTable { get; init; }

    /// <summary>The unique key: the upsert's key and the cursor's tiebreaker.</summary>
    public string KeyColumn { get; init; } = "id";

    /// <summary>A timestamp column that grows as rows are written (<c>created_at</c>, or <c>updated_at</c> kept by a trigger).</summary>
    public string CursorColumn { get; init; } = "created_at";

    public required string TargetTable { get; init; }

    /// <summary>Columns computed in the warehouse from a JSON column of each row, after the source's columns.</summary>
    public IReadOnlyList<DerivedColumn> Derived { get; init; } = [];
}

/// <summary>
/// A warehouse column computed from a field of a JSON column: <c>response_metadata.durationMs</c> as
/// <c>response_duration_ms double</c>. Invalid JSON, a missing field or a value of another type give NULL.
/// </summary>
public sealed record DerivedColumn(string Name, string JsonColumn, IReadOnlyList<string> Path, DerivedType Type)
{
    /// <summary>Parses <c>column.field.field</c>.</summary>
    public static DerivedColumn Parse(string name, string path, DerivedType type)
    {
        var parts = path.Split('.', StringSplitOptions.TrimEntries);
        // Fields are written into the JSON path literal, so only plain names pass.
        if (parts.Length < 2 || !parts.All(p => p.Length > 0 && p.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-')))
        {
            throw new ArgumentException($"derived column '{name}': path '{path}' must be <json column>.<field>[.<field>...] of letters, digits, '_' and '-'");
        }

        return new DerivedColumn(name, parts[0], parts[1..], type);
    }

    public string PathText => JsonColumn + "." + string.Join('.', Path);
}

/// <summary>The SQL type of a derived column.</summary>
public enum DerivedType
{
    Text,
    Double,
    BigInt,
    Boolean,
    Timestamp,
}
