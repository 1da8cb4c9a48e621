using System.Collections.Concurrent;
using Logbook.DuckDb.Native;

namespace Logbook.DuckDb.Internal;

/// <summary>
/// Fetches the chunks of a streaming result on a worker thread, a few chunks ahead of the caller. For a streaming
/// result DuckDB does its scan (and decompression) inside <c>duckdb_fetch_chunk</c>; without this, the engine's
/// work and the caller's getters run one after the other on one thread while the other cores idle.
/// The worker is the only thread that touches the result until it has finished, and it holds a reference on the
/// result and connection handles, so closing the connection mid-fetch defers their release instead of freeing
/// memory in use.
/// </summary>
internal sealed class ChunkPrefetcher : IDisposable
{
    /// <summary>How many fetched chunks may wait for the caller (each is at most 2,048 rows).</summary>
    private const int Depth = 8;

    private readonly DuckDbResultHandle _result;
    private readonly DuckDbConnectionHandle _connection;
    private readonly BlockingCollection<IntPtr> _ready = new(Depth);
    private readonly Task _worker;
    private volatile bool _stopping;

    public ChunkPrefetcher(DuckDbResultHandle result, DuckDbConnectionHandle connection)
    {
        _result = result;
        _connection = connection;
        _worker = Task.Factory.StartNew(static state => ((ChunkPrefetcher)state!).Run(), this, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The next chunk in result order; zero at the end of the result or on error (the result holds the error).</summary>
    public IntPtr Take()
    {
        try
        {
            return _ready.Take();
        }
        catch (InvalidOperationException)
        {
            // Marked complete and drained: the end was already taken.
            return IntPtr.Zero;
        }
    }

    /// <summary>Stops the worker, waits for it, and frees chunks nobody will read.</summary>
    public void Dispose()
    {
        _stopping = true;
        while (!_worker.IsCompleted)
        {
            // Make room so a worker blocked on a full queue can finish its last Add.
            while (_ready.TryTake(out var pending))
            {
                Free(pending);
            }

            _worker.Wait(TimeSpan.FromMilliseconds(1));
        }

        while (_ready.TryTake(out var pending))
        {
            Free(pending);
        }

        _ready.Dispose();
    }

    private void Run()
    {
        var resultAdded = false;
        var connectionAdded = false;
        try
        {
            _connection.DangerousAddRef(ref connectionAdded);
            _result.DangerousAddRef(ref resultAdded);
            var result = _result.Value;
            IntPtr chunk;
            do
            {
                chunk = _stopping ? IntPtr.Zero : NativeMethods.Query.DuckDbFetchChunk(result);
                _ready.Add(chunk);
            }
            while (chunk != IntPtr.Zero);
        }
        catch (ObjectDisposedException)
        {
            // The connection closed before the worker started: there is nothing to read.
            _ready.Add(IntPtr.Zero);
        }
        finally
        {
            _ready.CompleteAdding();
            if (resultAdded)
            {
                _result.DangerousRelease();
            }

            if (connectionAdded)
            {
                _connection.DangerousRelease();
            }
        }
    }

    private static void Free(IntPtr chunk)
    {
        if (chunk != IntPtr.Zero)
        {
            DuckDbDataChunkHandle.Owned(chunk).Dispose();
        }
    }
}
