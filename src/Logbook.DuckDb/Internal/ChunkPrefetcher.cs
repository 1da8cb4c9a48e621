using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// Fetches the next chunk of a streaming result on a worker thread while the caller reads the current one.
/// For a streaming result DuckDB does its scan (and decompression) inside <c>duckdb_fetch_chunk</c>, so without
/// this the engine's work and the caller's getters run one after the other on one thread.
/// Only one fetch is ever in flight, so the result is used by one thread at a time; the result and connection
/// handles are ref-counted for the duration of a fetch, so closing the connection mid-fetch defers their release
/// instead of freeing memory the fetch still uses.
/// </summary>
internal sealed class ChunkPrefetcher(DuckDbResultHandle result, DuckDbConnectionHandle connection)
{
    private Task<IntPtr>? _pending;

    /// <summary>Starts fetching the next chunk.</summary>
    public void Start()
    {
        _pending = Task.Factory.StartNew(
            static state => ((ChunkPrefetcher)state!).FetchNow(),
            this,
            CancellationToken.None,
            TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default);
    }

    /// <summary>The chunk fetched in the background (or fetched now if none is pending); zero at the end or on error.</summary>
    public IntPtr Take()
    {
        var pending = _pending;
        _pending = null;
        return pending is null ? FetchNow() : pending.GetAwaiter().GetResult();
    }

    /// <summary>Waits for a pending fetch and frees its chunk; used when the reader stops early.</summary>
    public void Abandon()
    {
        var chunk = Take();
        if (chunk != IntPtr.Zero)
        {
            DuckDbDataChunkHandle.Owned(chunk).Dispose();
        }
    }

    /// <summary>True when a fetch has been started and not taken yet.</summary>
    public bool IsPending => _pending is not null;

    private IntPtr FetchNow()
    {
        var resultAdded = false;
        var connectionAdded = false;
        try
        {
            connection.DangerousAddRef(ref connectionAdded);
            result.DangerousAddRef(ref resultAdded);
            return NativeMethods.Query.DuckDbFetchChunk(result.Value);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed before this fetch could start: there is nothing more to read.
            return IntPtr.Zero;
        }
        finally
        {
            if (resultAdded)
            {
                result.DangerousRelease();
            }

            if (connectionAdded)
            {
                connection.DangerousRelease();
            }
        }
    }
}
