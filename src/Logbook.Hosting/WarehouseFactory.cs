using Logbook.Core.Configuration;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.DuckDb;
using Logbook.Warehouse.Postgres;

namespace Logbook.Hosting;

/// <summary>Maps a target's type to the warehouse implementation.</summary>
public static class WarehouseFactory
{
    /// <exception cref="LogbookConfigurationException">The type is not available or a setting is invalid.</exception>
    public static IWarehouse Create(WarehouseTarget target, string projectDirectory) => target.Type switch
    {
        WarehouseKind.DuckDb => DuckDbWarehouse.FromTarget(target, projectDirectory),
        WarehouseKind.Postgres => PostgresWarehouse.FromTarget(target),
        _ => throw new LogbookConfigurationException(
            $"target '{target.Name}' has type '{target.Type.ToConfigName()}', which is not available (available: duckdb, postgres)",
            target.Locate("type") ?? target.Source),
    };
}
