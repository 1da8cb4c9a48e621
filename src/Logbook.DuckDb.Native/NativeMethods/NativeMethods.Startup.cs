using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

internal static partial class NativeMethods
{
    /// <summary>Open/Connect (https://duckdb.org/docs/current/clients/c/connect).</summary>
    public static partial class Startup
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_open_ext", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbOpenExt(string? path, out IntPtr database, DuckDbConfigHandle config, out IntPtr error);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_create_instance_cache")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbCreateInstanceCache();

        [LibraryImport(LibraryName, EntryPoint = "duckdb_get_or_create_from_cache", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbGetOrCreateFromCache(DuckDbInstanceCacheHandle cache, string path, out IntPtr database, DuckDbConfigHandle config, out IntPtr error);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_instance_cache")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyInstanceCache(ref IntPtr cache);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_close")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbClose(ref IntPtr database);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_connect")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbConnect(DuckDbDatabaseHandle database, out IntPtr connection);

        // Not SuppressGCTransition: interrupt is called from another thread while a query runs.
        [LibraryImport(LibraryName, EntryPoint = "duckdb_interrupt")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbInterrupt(DuckDbConnectionHandle connection);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_disconnect")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDisconnect(ref IntPtr connection);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_library_version")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial IntPtr DuckDbLibraryVersion();
    }

    /// <summary>Configuration (https://duckdb.org/docs/current/clients/c/config).</summary>
    public static partial class Configuration
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_create_config")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbCreateConfig(out IntPtr config);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_set_config", StringMarshalling = StringMarshalling.Utf8)]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial DuckDbState DuckDbSetConfig(DuckDbConfigHandle config, string name, string option);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_destroy_config")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbDestroyConfig(ref IntPtr config);
    }

    /// <summary>Helpers (https://duckdb.org/docs/current/clients/c/api#helpers).</summary>
    public static partial class Helpers
    {
        [LibraryImport(LibraryName, EntryPoint = "duckdb_free")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial void DuckDbFree(IntPtr pointer);

        [LibraryImport(LibraryName, EntryPoint = "duckdb_vector_size")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial ulong DuckDbVectorSize();
    }
}
