using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

/// <summary>
/// Entry points of DuckDB's C API, grouped as the C API documentation groups them
/// (https://duckdb.org/docs/current/clients/c/api). Managed names are the C names in PascalCase,
/// so grepping across both languages works. Functions that create a native object return the raw
/// pointer through an <c>out IntPtr</c>; the caller wraps it in its SafeHandle at once.
/// </summary>
internal static partial class NativeMethods
{
    /// <summary>The library name; the resolver below maps it to the pinned file or LOGBOOK_LIBDUCKDB.</summary>
    public const string LibraryName = "duckdb";

    /// <summary>The environment variable that points the process at another libduckdb.so.</summary>
    public const string LibraryOverrideVariable = "LOGBOOK_LIBDUCKDB";

#pragma warning disable CA2255 // A module initializer is the one place a DllImport resolver can be installed before first use.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void InstallResolver() =>
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName)
        {
            return IntPtr.Zero;
        }

        var overridePath = Environment.GetEnvironmentVariable(LibraryOverrideVariable);
        if (!string.IsNullOrEmpty(overridePath))
        {
            return NativeLibrary.Load(overridePath);
        }

        // The build copies libduckdb.so next to the assemblies; look there first, then let the OS search.
        var besideAssembly = Path.Combine(AppContext.BaseDirectory, "libduckdb.so");
        if (File.Exists(besideAssembly))
        {
            return NativeLibrary.Load(besideAssembly);
        }

        return NativeLibrary.TryLoad("libduckdb.so", assembly, searchPath, out var handle) ? handle : IntPtr.Zero;
    }
}
