using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

// One SafeHandle class per C object. Each ReleaseHandle calls the matching duckdb_destroy_*/close function.

/// <summary>A <c>duckdb_database</c>; closed with <c>duckdb_close</c>.</summary>
internal sealed class DuckDbDatabaseHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    /// <summary>
    /// Held while a database is opened from the instance cache and while a handle that may own a database's last
    /// reference (a database or a connection) is freed. Without it, an open racing the last close found the cache's
    /// entry expired while the old instance was still shutting down, made a second instance of the same file, and
    /// DuckDB 1.5 refused it ("Unique file handle conflict"). Opens and closes are rare next to queries.
    /// </summary>
    internal static readonly Lock LifecycleGate = new();

    private protected override void Free(IntPtr pointer)
    {
        lock (LifecycleGate)
        {
            NativeMethods.Startup.DuckDbClose(ref pointer);
        }
    }
}

/// <summary>A <c>duckdb_instance_cache</c>; lives for the process.</summary>
internal sealed class DuckDbInstanceCacheHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.Startup.DuckDbDestroyInstanceCache(ref pointer);
}

/// <summary>A <c>duckdb_connection</c>; closed with <c>duckdb_disconnect</c>.</summary>
internal sealed class DuckDbConnectionHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    // A connection keeps its database alive, so its disconnect can be the database's last close.
    private protected override void Free(IntPtr pointer)
    {
        lock (DuckDbDatabaseHandle.LifecycleGate)
        {
            NativeMethods.Startup.DuckDbDisconnect(ref pointer);
        }
    }
}

/// <summary>A <c>duckdb_config</c>.</summary>
internal sealed class DuckDbConfigHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.Configuration.DuckDbDestroyConfig(ref pointer);
}

/// <summary>A <c>duckdb_prepared_statement</c>.</summary>
internal sealed class DuckDbPreparedStatementHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.PreparedStatements.DuckDbDestroyPrepare(ref pointer);
}

/// <summary>A <c>duckdb_extracted_statements</c>.</summary>
internal sealed class DuckDbExtractedStatementsHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.ExtractStatements.DuckDbDestroyExtracted(ref pointer);
}

/// <summary>A <c>duckdb_logical_type</c> that we own.</summary>
internal sealed class DuckDbLogicalTypeHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.LogicalType.DuckDbDestroyLogicalType(ref pointer);
}

/// <summary>A <c>duckdb_value</c>.</summary>
internal sealed class DuckDbValueHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.Value.DuckDbDestroyValue(ref pointer);
}

/// <summary>A <c>duckdb_appender</c>; destroying it also flushes and closes it.</summary>
internal sealed class DuckDbAppenderHandle(IntPtr pointer) : DuckDbHandle(pointer, ownsHandle: true)
{
    private protected override void Free(IntPtr pointer) => NativeMethods.Appender.DuckDbAppenderDestroy(ref pointer);
}

/// <summary>
/// A <c>duckdb_data_chunk</c>. Chunks fetched from a result and chunks we create are both ours to destroy;
/// <see cref="Borrowed"/> exists for chunks DuckDB keeps owning, and never frees.
/// </summary>
internal sealed class DuckDbDataChunkHandle : DuckDbHandle
{
    private DuckDbDataChunkHandle(IntPtr pointer, bool ownsHandle)
        : base(pointer, ownsHandle)
    {
    }

    public static DuckDbDataChunkHandle Owned(IntPtr pointer) => new(pointer, ownsHandle: true);

    public static DuckDbDataChunkHandle Borrowed(IntPtr pointer) => new(pointer, ownsHandle: false);

    private protected override void Free(IntPtr pointer) => NativeMethods.DataChunk.DuckDbDestroyDataChunk(ref pointer);
}

/// <summary>
/// A <c>duckdb_result</c>. The C struct is 48 bytes that DuckDB fills in place, so this handle owns a block
/// of native memory holding it. <c>duckdb_destroy_result</c> must run even when the query failed (the error
/// lives in the result), which is why the block is allocated before the call and released only here.
/// </summary>
internal sealed unsafe class DuckDbResultHandle : DuckDbHandle
{
    private DuckDbResultHandle(IntPtr pointer)
        : base(pointer, ownsHandle: true)
    {
    }

    public static DuckDbResultHandle Allocate() =>
        new((IntPtr)NativeMemory.AllocZeroed((nuint)sizeof(DuckDbResultStruct)));

    /// <summary>The struct by value, as <c>duckdb_fetch_chunk</c> takes it.</summary>
    public DuckDbResultStruct Value => *(DuckDbResultStruct*)handle;

    private protected override void Free(IntPtr pointer)
    {
        NativeMethods.Query.DuckDbDestroyResult(pointer);
        NativeMemory.Free((void*)pointer);
    }
}
