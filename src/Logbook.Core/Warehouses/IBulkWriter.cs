namespace Logbook.Core.Warehouses;

/// <summary>
/// Streams rows into one existing table, far faster than INSERT statements: DuckDB's appender, PostgreSQL's
/// binary COPY. Write one value per column, in the table's column order, then <see cref="EndRow"/>; finish with
/// <see cref="Complete"/>. Rows go out in batches as they are written, so a load never holds more than a batch.
/// <code>
/// using var writer = warehouse.OpenBulkWriter(connection, "fivetran_log", "log");
/// writer.Write("id-1").Write(DateTime.UtcNow).WriteNull().EndRow();
/// writer.Complete();
/// </code>
/// The rows join the connection's transaction when one is open: wrap the load in a transaction to make it
/// all-or-nothing. Disposing a writer without <see cref="Complete"/> abandons the load; which of its rows reached
/// the table is then unspecified, so roll the transaction back. A writer serves one thread, and its connection
/// runs nothing else until it is completed or disposed.
/// </summary>
public interface IBulkWriter : IDisposable
{
    /// <summary>Rows ended so far.</summary>
    long RowsWritten { get; }

    /// <summary>Writes NULL into the next column.</summary>
    IBulkWriter WriteNull();

    /// <summary>Writes text (VARCHAR); null writes NULL.</summary>
    IBulkWriter Write(string? value);

    /// <summary>Writes a whole number (BIGINT); null writes NULL.</summary>
    IBulkWriter Write(long? value);

    /// <summary>Writes a floating-point number (DOUBLE); null writes NULL.</summary>
    IBulkWriter Write(double? value);

    /// <summary>
    /// Writes text given as its UTF-8 bytes (VARCHAR, or any column <see cref="Write(string)"/> fills), without
    /// decoding it to a string where the engine takes UTF-8 itself. Invalid UTF-8 is refused.
    /// </summary>
    IBulkWriter WriteUtf8(ReadOnlySpan<byte> value);

    /// <summary>Writes a BOOLEAN; null writes NULL.</summary>
    IBulkWriter Write(bool? value);

    /// <summary>Writes a TIMESTAMP (without time zone): the clock value as is, whatever its Kind (Logbook keeps UTC); null writes NULL.</summary>
    IBulkWriter Write(DateTime? value);

    /// <summary>
    /// Writes a value of any type the engine can store as the column's type: the above, and <see cref="decimal"/>,
    /// <see cref="Guid"/>, <see cref="DateOnly"/>, <see cref="TimeOnly"/>, <see cref="byte"/>[], smaller integers and
    /// floats; a <see cref="DateTime"/> of <see cref="DateTimeKind.Utc"/> into a TIMESTAMPTZ column is that instant.
    /// Null writes NULL.
    /// </summary>
    IBulkWriter WriteValue(object? value);

    /// <summary>Ends the row; it must have had one value per column.</summary>
    void EndRow();

    /// <summary>Sends the rows still buffered and finishes the load; returns the number of rows written. Further writes throw.</summary>
    long Complete();
}
