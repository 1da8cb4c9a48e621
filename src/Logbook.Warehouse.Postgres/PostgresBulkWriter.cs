using Logbook.Core.Warehouses;
using Npgsql;
using NpgsqlTypes;

namespace Logbook.Warehouse.Postgres;

/// <summary>
/// Core's bulk-load contract over PostgreSQL's binary <c>COPY ... FROM STDIN</c>. Binary COPY is strict about
/// types, so the writer reads the table's column types when it opens and converts each value to its column's
/// (a whole number into an INTEGER column is range-checked; a timestamp keeps its clock value).
/// </summary>
internal sealed class PostgresBulkWriter : IBulkWriter
{
    private static readonly System.Text.UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly NpgsqlBinaryImporter _importer;
    private readonly (string Name, NpgsqlDbType Type)[] _columns;
    private int _column;
    private bool _rowOpen;
    private bool _done;

    private PostgresBulkWriter(NpgsqlBinaryImporter importer, (string Name, NpgsqlDbType Type)[] columns)
    {
        _importer = importer;
        _columns = columns;
    }

    public long RowsWritten { get; private set; }

    public static PostgresBulkWriter Open(NpgsqlConnection connection, string schema, string table)
    {
        var columns = new List<(string, NpgsqlDbType)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = $2 order by ordinal_position";
            command.Parameters.Add(new NpgsqlParameter { Value = schema });
            command.Parameters.Add(new NpgsqlParameter { Value = table });
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                columns.Add((reader.GetString(0), TypeOf(reader.GetString(1))));
            }
        }

        if (columns.Count == 0)
        {
            throw new ArgumentException($"table {schema}.{table} does not exist (or has no columns)", nameof(table));
        }

        var list = string.Join(", ", columns.Select(c => SqlIdentifier.Quote(c.Item1)));
        var importer = connection.BeginBinaryImport($"COPY {SqlIdentifier.Qualified(schema, table)} ({list}) FROM STDIN (FORMAT BINARY)");
        return new PostgresBulkWriter(importer, [.. columns]);
    }

    public IBulkWriter WriteNull()
    {
        Next();
        _importer.WriteNull();
        return this;
    }

    public IBulkWriter Write(string? value) => value is null ? WriteNull() : Put(value);

    // Text goes through the column's conversion (text, json, jsonb), which starts from a string.
    public IBulkWriter WriteUtf8(ReadOnlySpan<byte> value) => Put(s_strictUtf8.GetString(value));

    public IBulkWriter Write(long? value) => value is null ? WriteNull() : Put(value.Value);

    public IBulkWriter Write(double? value) => value is null ? WriteNull() : Put(value.Value);

    public IBulkWriter Write(bool? value) => value is null ? WriteNull() : Put(value.Value);

    public IBulkWriter Write(DateTime? value) => value is null ? WriteNull() : Put(value.Value);

    public IBulkWriter WriteValue(object? value) => value is null ? WriteNull() : Put(value);

    public void EndRow()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_column != _columns.Length)
        {
            throw new InvalidOperationException($"a row needs {_columns.Length} values, got {_column}");
        }

        _column = 0;
        _rowOpen = false;
        RowsWritten++;
    }

    public long Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_rowOpen)
        {
            throw new InvalidOperationException("the last row was not ended");
        }

        _importer.Complete();
        _done = true;
        _importer.Dispose();
        return RowsWritten;
    }

    /// <summary>Without <see cref="Complete"/>, disposing cancels the COPY: none of its rows are kept.</summary>
    public void Dispose()
    {
        _done = true;
        _importer.Dispose();
    }

    private PostgresBulkWriter Put(object value)
    {
        var (name, type) = Next();
        object converted;
        try
        {
            converted = Convert(value, type);
        }
        catch (Exception e) when (e is InvalidCastException or OverflowException or FormatException)
        {
            throw new ArgumentException($"column {name} ({type}) cannot take the {value.GetType().Name} value {value}: {e.Message}", e);
        }

        _importer.Write(converted, type);
        return this;
    }

    private (string Name, NpgsqlDbType Type) Next()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        if (_column == _columns.Length)
        {
            throw new InvalidOperationException($"a row has only {_columns.Length} columns; call EndRow()");
        }

        if (!_rowOpen)
        {
            _importer.StartRow();
            _rowOpen = true;
        }

        return _columns[_column++];
    }

    private static object Convert(object value, NpgsqlDbType type) => (type, value) switch
    {
        (NpgsqlDbType.Integer, long n) => checked((int)n),
        (NpgsqlDbType.Smallint, long n) => checked((short)n),
        (NpgsqlDbType.Numeric, long n) => (decimal)n,
        (NpgsqlDbType.Numeric, double d) => (decimal)d,
        (NpgsqlDbType.Real, double d) => (float)d,
        (NpgsqlDbType.Double, long n) => (double)n,
        (NpgsqlDbType.Timestamp, DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
        (NpgsqlDbType.TimestampTz, DateTime t) => DateTime.SpecifyKind(t, DateTimeKind.Utc),
        (NpgsqlDbType.Date, DateTime t) => DateOnly.FromDateTime(t),
        (NpgsqlDbType.Bigint or NpgsqlDbType.Integer or NpgsqlDbType.Smallint or NpgsqlDbType.Numeric or NpgsqlDbType.Double or NpgsqlDbType.Real, int or short) => Convert(System.Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), type),
        (NpgsqlDbType.Double or NpgsqlDbType.Numeric, float f) => Convert((double)f, type),
        (NpgsqlDbType.Bigint, long) or (NpgsqlDbType.Double, double) or (NpgsqlDbType.Boolean, bool) or (NpgsqlDbType.Real, float) => value,
        (NpgsqlDbType.Numeric, decimal) or (NpgsqlDbType.Uuid, Guid) or (NpgsqlDbType.Date, DateOnly) or (NpgsqlDbType.Time, TimeOnly) or (NpgsqlDbType.Bytea, byte[]) => value,
        (NpgsqlDbType.Text or NpgsqlDbType.Varchar or NpgsqlDbType.Jsonb or NpgsqlDbType.Json, string) => value,
        _ => throw new InvalidCastException("no conversion"),
    };

    private static NpgsqlDbType TypeOf(string dataType) => dataType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "numeric" => NpgsqlDbType.Numeric,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "boolean" => NpgsqlDbType.Boolean,
        "timestamp without time zone" => NpgsqlDbType.Timestamp,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "date" => NpgsqlDbType.Date,
        "time without time zone" => NpgsqlDbType.Time,
        "uuid" => NpgsqlDbType.Uuid,
        "bytea" => NpgsqlDbType.Bytea,
        "character varying" => NpgsqlDbType.Varchar,
        "text" => NpgsqlDbType.Text,
        "jsonb" => NpgsqlDbType.Jsonb,
        "json" => NpgsqlDbType.Json,
        _ => throw new ArgumentException($"bulk loads into {dataType} columns are not supported"),
    };
}
