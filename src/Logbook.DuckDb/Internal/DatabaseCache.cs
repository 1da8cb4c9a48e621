using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// One native database per file, shared by every connection to it in this process. DuckDB's own instance cache
/// does the bookkeeping: each connection holds a database handle, and the database closes when the last one is
/// released. A plain <c>:memory:</c> database is private to its connection and bypasses the cache.
/// </summary>
internal static class DatabaseCache
{
    private static readonly Lazy<DuckDbInstanceCacheHandle> s_cache = new(
        () => new DuckDbInstanceCacheHandle(NativeMethods.Startup.DuckDbCreateInstanceCache()),
        LazyThreadSafetyMode.ExecutionAndPublication);

    public const string PrivateMemory = ":memory:";

    public static DuckDbDatabaseHandle Open(string dataSource, IReadOnlyDictionary<string, string> options)
    {
        using var config = CreateConfig(options);
        IntPtr database;
        IntPtr error;
        DuckDbState state;
        if (dataSource.Length == 0 || dataSource == PrivateMemory)
        {
            state = NativeMethods.Startup.DuckDbOpenExt(PrivateMemory, out database, config, out error);
        }
        else
        {
            var path = dataSource.StartsWith(PrivateMemory, StringComparison.Ordinal) ? dataSource : Path.GetFullPath(dataSource);
            lock (DuckDbDatabaseHandle.LifecycleGate)
            {
                state = NativeMethods.Startup.DuckDbGetOrCreateFromCache(s_cache.Value, path, out database, config, out error);
            }
        }

        var handle = new DuckDbDatabaseHandle(database);
        if (state != DuckDbState.Success)
        {
            handle.Dispose();
            var message = NativeStrings.ReadAndFree(error);
            ThrowHelper.ThrowEngineError($"Cannot open DuckDB database '{dataSource}': {message}", DuckDbErrorType.Connection, sql: null);
        }

        return handle;
    }

    private static DuckDbConfigHandle CreateConfig(IReadOnlyDictionary<string, string> options)
    {
        if (NativeMethods.Configuration.DuckDbCreateConfig(out var pointer) != DuckDbState.Success)
        {
            throw new OutOfMemoryException("DuckDB could not allocate a configuration object.");
        }

        var config = new DuckDbConfigHandle(pointer);
        foreach (var (name, value) in options)
        {
            if (NativeMethods.Configuration.DuckDbSetConfig(config, name, value) != DuckDbState.Success)
            {
                config.Dispose();
                throw new ArgumentException($"DuckDB rejected the configuration option '{name}' = '{value}' (unknown option or invalid value).");
            }
        }

        return config;
    }
}
