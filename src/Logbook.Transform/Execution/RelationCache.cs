using System.Collections.Concurrent;
using System.Data.Common;

namespace Logbook.Transform.Execution;

/// <summary>What the relation is in the warehouse now.</summary>
public enum RelationKind
{
    Table,
    View,
}

/// <summary>
/// The relations that exist in the warehouse, read once per run from <c>information_schema.tables</c> and kept
/// current as models are built, so <c>is_incremental()</c> and the materializations need no extra round trip.
/// </summary>
public sealed class RelationCache
{
    private readonly ConcurrentDictionary<(string Schema, string Name), RelationKind> _relations = new();

    public static RelationCache Load(DbConnection connection)
    {
        var cache = new RelationCache();
        using var command = connection.CreateCommand();
        command.CommandText = "select table_schema, table_name, table_type from information_schema.tables where table_catalog = current_database()";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var kind = reader.GetString(2).Contains("VIEW", StringComparison.OrdinalIgnoreCase) ? RelationKind.View : RelationKind.Table;
            cache._relations[(reader.GetString(0), reader.GetString(1))] = kind;
        }

        return cache;
    }

    public RelationKind? Find(string schema, string name) => _relations.TryGetValue((schema, name), out var kind) ? kind : null;

    public void Set(string schema, string name, RelationKind? kind)
    {
        if (kind is null)
        {
            _relations.TryRemove((schema, name), out _);
        }
        else
        {
            _relations[(schema, name)] = kind.Value;
        }
    }
}
