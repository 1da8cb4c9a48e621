namespace Logbook.Core.Querying;

/// <summary>How a column's values should be presented.</summary>
public enum ColumnKind
{
    /// <summary>Text, dates, times, UUIDs and anything else shown as text.</summary>
    Text,

    /// <summary>Integers, decimals and floating-point numbers.</summary>
    Number,

    Boolean,

    /// <summary>JSON text: JSON columns and nested values (LIST, STRUCT, MAP, ARRAY), which providers read as JSON.</summary>
    Json,
}

/// <summary>A result column: its name, the warehouse's name for its type, and the CLR type of its values.</summary>
public sealed record SqlColumn(string Name, string DataTypeName, Type ClrType, ColumnKind Kind);

/// <summary>
/// What running a SQL text produced: the last result set (columns and rows, NULL as null) when a statement
/// returned one, and the total number of rows changed by INSERT/UPDATE/DELETE statements (-1 when none did).
/// </summary>
public sealed record SqlResult(IReadOnlyList<SqlColumn> Columns, IReadOnlyList<object?[]> Rows, long RecordsAffected)
{
    /// <summary>False when no statement returned rows (DDL, INSERT, ...).</summary>
    public bool HasResultSet => Columns.Count > 0;
}
