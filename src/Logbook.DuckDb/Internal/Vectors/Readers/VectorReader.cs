using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Logbook.DuckDb.Internal.TypeMapping;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal.Vectors.Readers;

/// <summary>
/// Reads one column of the current data chunk straight from DuckDB's vector memory. A reader is created once
/// per column and re-pointed at each new chunk with <see cref="Reset"/>, so reading allocates nothing but the
/// values themselves. Callers check <see cref="IsValid"/> before reading a value.
/// </summary>
internal abstract unsafe class VectorReader(DuckDbColumnType type)
{
    /// <summary>The vector's data buffer for the current chunk.</summary>
    protected byte* Data;

    /// <summary>The validity bitmap (one bit per row, set = not null), or null when every row is valid.</summary>
    private ulong* _validity;

    public DuckDbColumnType Type { get; } = type;

    /// <summary>The CLR type <see cref="GetValue"/> returns.</summary>
    public abstract Type ClrType { get; }

    public virtual void Reset(IntPtr vector)
    {
        Data = (byte*)NativeMethods.Vector.DuckDbVectorGetData(vector);
        _validity = (ulong*)NativeMethods.Vector.DuckDbVectorGetValidity(vector);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool IsValid(ulong row) => _validity == null || (_validity[row >> 6] & (1UL << (int)(row & 63))) != 0;

    /// <summary>The value boxed as <see cref="ClrType"/>.</summary>
    public abstract object GetValue(ulong row);

    /// <summary>Writes the value as JSON; used for LIST/STRUCT/MAP columns, which read as JSON text.</summary>
    public abstract void WriteJson(Utf8JsonWriter writer, ulong row);

    /// <summary>The value as a JSON object key (MAP keys).</summary>
    public virtual string GetJsonKey(ulong row) => Convert.ToString(GetValue(row), CultureInfo.InvariantCulture) ?? string.Empty;

    public virtual bool GetBoolean(ulong row) => Convert.ToBoolean(GetValue(row), CultureInfo.InvariantCulture);

    public virtual long GetInt64(ulong row) => ThrowHelper.ThrowInvalidCast<long>(Type.Name);

    public virtual double GetDouble(ulong row) => ThrowHelper.ThrowInvalidCast<double>(Type.Name);

    public virtual decimal GetDecimal(ulong row) => ThrowHelper.ThrowInvalidCast<decimal>(Type.Name);

    public virtual string GetString(ulong row) => ThrowHelper.ThrowInvalidCast<string>(Type.Name);

    public virtual DateTime GetDateTime(ulong row) => ThrowHelper.ThrowInvalidCast<DateTime>(Type.Name);

    public virtual Guid GetGuid(ulong row) => ThrowHelper.ThrowInvalidCast<Guid>(Type.Name);

    /// <summary>Typed access; readers override for the extra CLR types they support (DateTimeOffset, Int128...).</summary>
    public virtual T GetFieldValue<T>(ulong row)
    {
        var value = GetValue(row);
        if (value is T typed)
        {
            return typed;
        }

        if (typeof(T) == typeof(string))
        {
            return (T)(object)(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        if (value is IConvertible && typeof(IConvertible).IsAssignableFrom(typeof(T)))
        {
            try
            {
                return (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
            }
            catch (OverflowException)
            {
                throw;
            }
            catch (Exception e) when (e is FormatException or InvalidCastException)
            {
                throw new InvalidCastException($"A {Type.Name} value cannot be read as {typeof(T).Name}.", e);
            }
        }

        return ThrowHelper.ThrowInvalidCast<T>(Type.Name);
    }
}
