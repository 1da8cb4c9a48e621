using System.Data.Common;
using System.Globalization;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.Replication;

/// <summary>
/// While a sync writes into DuckDB, raises the database's <c>checkpoint_threshold</c> (default 16 MiB) to 1 GiB. A
/// 10,000-row batch of audit rows with their JSON writes about 25 MB of WAL, so at the default every commit
/// checkpointed the whole database (746 ms a batch on the 5M-row benchmark, growing with the target). The setting
/// is database-wide: the first sync in the process raises it, the last one restores it and checkpoints. No-op on
/// other engines.
/// </summary>
internal sealed class CheckpointTuning : IDisposable
{
    private const long RaisedBytes = 1L << 30;
    private static readonly object s_gate = new();
    private static readonly Dictionary<string, (int Users, string Previous)> s_active = new(StringComparer.Ordinal);
    private readonly IWarehouse? _warehouse;

    private CheckpointTuning(IWarehouse? warehouse) => _warehouse = warehouse;

    public static CheckpointTuning Apply(IWarehouse warehouse, DbConnection connection)
    {
        if (warehouse.Kind != WarehouseKind.DuckDb)
        {
            return new CheckpointTuning(null);
        }

        lock (s_gate)
        {
            if (s_active.TryGetValue(warehouse.Description, out var active))
            {
                s_active[warehouse.Description] = (active.Users + 1, active.Previous);
                return new CheckpointTuning(warehouse);
            }

            var previous = Convert.ToString(DbCommands.Scalar(connection, null, "select current_setting('checkpoint_threshold')"), CultureInfo.InvariantCulture) ?? "16.0 MiB";
            DbCommands.Execute(connection, null, $"set global checkpoint_threshold = '{RaisedBytes.ToString(CultureInfo.InvariantCulture)}B'");
            s_active[warehouse.Description] = (1, previous);
            return new CheckpointTuning(warehouse);
        }
    }

    public void Dispose()
    {
        if (_warehouse is null)
        {
            return;
        }

        lock (s_gate)
        {
            var (users, previous) = s_active[_warehouse.Description];
            if (users > 1)
            {
                s_active[_warehouse.Description] = (users - 1, previous);
                return;
            }

            s_active.Remove(_warehouse.Description);
            try
            {
                using var connection = _warehouse.OpenConnection();
                DbCommands.Execute(connection, null, $"set global checkpoint_threshold = '{previous.Replace("'", "''", StringComparison.Ordinal)}'");
                DbCommands.Execute(connection, null, "checkpoint");
            }
            catch (DbException)
            {
                // The WAL is replayed or checkpointed at the next open; the setting ends with the process.
            }
        }
    }
}
