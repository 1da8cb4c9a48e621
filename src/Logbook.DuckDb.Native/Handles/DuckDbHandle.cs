using System.Runtime.InteropServices;

namespace Logbook.DuckDb.Native;

/// <summary>
/// Base of every SafeHandle over a DuckDB object. It counts live owned handles so that soak tests can
/// prove nothing leaks: native leaks are invisible to the GC (DuckDB.NET issues #46, #113, #280).
/// A handle that does not own its pointer says so (<c>ownsHandle: false</c>) and is never counted or freed.
/// </summary>
public abstract class DuckDbHandle : SafeHandle
{
    private static long s_live;

    /// <summary>Owned native objects created and not yet released, process-wide.</summary>
    public static long LiveCount => Interlocked.Read(ref s_live);

    private protected DuckDbHandle(IntPtr pointer, bool ownsHandle)
        : base(IntPtr.Zero, ownsHandle)
    {
        SetHandle(pointer);
        if (ownsHandle && pointer != IntPtr.Zero)
        {
            Interlocked.Increment(ref s_live);
        }
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle == IntPtr.Zero;

    /// <summary>Frees the native object; called exactly once, by <see cref="ReleaseHandle"/>.</summary>
    private protected abstract void Free(IntPtr pointer);

    /// <inheritdoc />
    protected sealed override bool ReleaseHandle()
    {
        Free(handle);
        Interlocked.Decrement(ref s_live);
        return true;
    }
}
