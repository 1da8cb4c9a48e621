using System.Data.Common;
using Logbook.Core.Warehouses;
using Logbook.Warehouse.Postgres;

namespace Logbook.Warehouse.Postgres.Tests;

/// <summary>A fresh database on the shared throwaway cluster, and a warehouse over it.</summary>
internal sealed class PgDatabase
{
    public PgDatabase(string? schema = null)
    {
        Cluster = PostgresCluster.Shared;
        Name = Cluster.CreateDatabase();
        var settings = new Dictionary<string, string>
        {
            ["host"] = "127.0.0.1",
            ["port"] = Cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["user"] = Cluster.User,
            ["password"] = PostgresCluster.Password,
            ["dbname"] = Name,
            // Every test has a database and warehouse of its own: pools would keep their idle connections open.
            ["connection_string"] = "Pooling=false",
        };
        if (schema is not null)
        {
            settings["schema"] = schema;
        }

        Target = new WarehouseTarget("pg", WarehouseKind.Postgres, settings);
        Warehouse = PostgresWarehouse.FromTarget(Target);
    }

    public PostgresCluster Cluster { get; }

    public string Name { get; }

    public WarehouseTarget Target { get; }

    public PostgresWarehouse Warehouse { get; }

    public List<object?[]> Query(string sql, params object?[] values)
    {
        using var connection = Warehouse.OpenConnection();
        return Query(connection, sql, values);
    }

    public static List<object?[]> Query(DbConnection connection, string sql, params object?[] values) => WarehouseRows.Query(connection, sql, values);

    public object? Scalar(string sql, params object?[] values) => Query(sql, values).Single()[0];
}
