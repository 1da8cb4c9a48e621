using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

/// <summary>
/// Who frees a string returned by DuckDB is part of each function's contract (DuckDB.NET issue #17 was a
/// missing duckdb_free). These two helpers make that choice visible at every call site.
/// </summary>
internal static class NativeStrings
{
    /// <summary>Reads a string that DuckDB keeps owning (error messages, column names).</summary>
    public static string? ReadBorrowed(IntPtr pointer) =>
        pointer == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(pointer);

    /// <summary>Reads a string the caller owns, then frees it with duckdb_free.</summary>
    public static string? ReadAndFree(IntPtr pointer)
    {
        if (pointer == IntPtr.Zero)
        {
            return null;
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer);
        }
        finally
        {
            NativeMethods.Helpers.DuckDbFree(pointer);
        }
    }
}
