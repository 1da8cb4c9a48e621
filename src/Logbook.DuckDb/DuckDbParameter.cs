using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;

namespace Logbook.DuckDb;

/// <summary>
/// A statement parameter. Positional parameters (<c>?</c> or <c>$1</c>) take values in collection order; named
/// ones (<c>$name</c>) match <see cref="ParameterName"/> with or without a leading <c>$</c>, <c>@</c> or <c>:</c>.
/// Values are always bound through the prepared statement, never spliced into SQL.
/// </summary>
public sealed class DuckDbParameter : DbParameter
{
    private string _name = string.Empty;
    private DbType? _dbType;

    public DuckDbParameter()
    {
    }

    public DuckDbParameter(object? value)
    {
        Value = value;
    }

    public DuckDbParameter(string name, object? value)
    {
        ParameterName = name;
        Value = value;
    }

    /// <inheritdoc />
    public override DbType DbType
    {
        get => _dbType ?? InferDbType(Value);
        set => _dbType = value;
    }

    /// <inheritdoc />
    public override ParameterDirection Direction
    {
        get => ParameterDirection.Input;
        set
        {
            if (value != ParameterDirection.Input)
            {
                throw new NotSupportedException("DuckDB supports input parameters only.");
            }
        }
    }

    /// <inheritdoc />
    public override bool IsNullable { get; set; } = true;

    /// <inheritdoc />
    [AllowNull]
    public override string ParameterName
    {
        get => _name;
        set => _name = value ?? string.Empty;
    }

    /// <inheritdoc />
    public override int Size { get; set; }

    /// <inheritdoc />
    [AllowNull]
    public override string SourceColumn { get; set; } = string.Empty;

    /// <inheritdoc />
    public override bool SourceColumnNullMapping { get; set; }

    /// <inheritdoc />
    public override object? Value { get; set; }

    /// <summary>The name without its sigil, as DuckDB reports it.</summary>
    internal string BareName => _name.Length > 0 && _name[0] is '$' or '@' or ':' ? _name[1..] : _name;

    /// <inheritdoc />
    public override void ResetDbType() => _dbType = null;

    private static DbType InferDbType(object? value) => value switch
    {
        null or DBNull => DbType.Object,
        bool => DbType.Boolean,
        sbyte => DbType.SByte,
        byte => DbType.Byte,
        short => DbType.Int16,
        ushort => DbType.UInt16,
        int => DbType.Int32,
        uint => DbType.UInt32,
        long => DbType.Int64,
        ulong => DbType.UInt64,
        float => DbType.Single,
        double => DbType.Double,
        decimal => DbType.Decimal,
        string or char => DbType.String,
        byte[] => DbType.Binary,
        Guid => DbType.Guid,
        DateTime => DbType.DateTime2,
        DateTimeOffset => DbType.DateTimeOffset,
        DateOnly => DbType.Date,
        TimeOnly => DbType.Time,
        _ => DbType.Object,
    };
}
