namespace Logbook.Core.Warehouses;

/// <summary>The warehouse engines a target's <c>type</c> can name.</summary>
public enum WarehouseKind
{
    /// <summary><c>type: duckdb</c>, the embedded default.</summary>
    DuckDb,

    /// <summary><c>type: postgres</c>: the server warehouse (Npgsql).</summary>
    Postgres,
}

/// <summary>The spelling of <see cref="WarehouseKind"/> in <c>profiles.yml</c>.</summary>
public static class WarehouseKinds
{
    /// <summary>The <c>type</c> values profiles.yml accepts, in the order they are listed in errors.</summary>
    public static IReadOnlyList<string> Names { get; } = ["duckdb", "postgres"];

    public static string ToConfigName(this WarehouseKind kind) => kind switch
    {
        WarehouseKind.DuckDb => "duckdb",
        WarehouseKind.Postgres => "postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string? name, out WarehouseKind kind)
    {
        switch (name?.Trim().ToUpperInvariant())
        {
            case "DUCKDB":
                kind = WarehouseKind.DuckDb;
                return true;
            case "POSTGRES" or "POSTGRESQL":
                kind = WarehouseKind.Postgres;
                return true;
            default:
                kind = default;
                return false;
        }
    }
}
