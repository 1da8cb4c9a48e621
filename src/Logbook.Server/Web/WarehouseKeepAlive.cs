using System.Data.Common;
using Logbook.Core.Warehouses;

namespace Logbook.Server.Web;

/// <summary>
/// Keeps an embedded DuckDB database open while people browse the dashboard. DuckDB closes a database file when its
/// last connection in the process closes and reopens it (catalog, WAL) on the next: a few hundred milliseconds that
/// every page would pay. One idle connection held from a page view until <see cref="IdleAfter"/> without one keeps the
/// file open in between; after that the file is released again, as before the dashboard was looked at. Other
/// warehouses (PostgreSQL pools its own connections) are left alone.
/// </summary>
internal sealed class WarehouseKeepAlive : IDisposable
{
    public static readonly TimeSpan IdleAfter = TimeSpan.FromSeconds(60);

    private readonly IWarehouse _warehouse;
    private readonly bool _enabled;
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private DbConnection? _held;
    private bool _disposed;

    public WarehouseKeepAlive(IWarehouse warehouse)
    {
        _warehouse = warehouse;
        _enabled = warehouse.Kind == WarehouseKind.DuckDb;
        _timer = new Timer(_ => Release(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Called on each page or CSV request: opens the held connection if needed and restarts the idle timer.</summary>
    public void Touch()
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            try
            {
                _held ??= _warehouse.OpenConnection();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
            {
                // The page's own connection reports the problem.
                return;
            }

            _timer.Change(IdleAfter, Timeout.InfiniteTimeSpan);
        }
    }

    private void Release()
    {
        lock (_gate)
        {
            _held?.Dispose();
            _held = null;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer.Dispose();
            _held?.Dispose();
            _held = null;
        }
    }
}
