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
    private readonly Dictionary<(string Schema, string Name), List<string>> _sourceColumns = new(SchemaAndNameComparer.Instance);

    /// <summary>Reads the relations, and the columns of every table in <paramref name="sourceSchemas"/> (for <c>filled_source()</c>).</summary>
    public static RelationCache Load(DbConnection connection, IReadOnlyCollection<string>? sourceSchemas = null)
    {
        var cache = new RelationCache();
        if (sourceSchemas is { Count: > 0 })
        {
            cache.LoadSourceColumns(connection, sourceSchemas);
        }

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

    /// <summary>
    /// The columns of a table in a source schema as the warehouse spells them, in order; null when there is no
    /// such table. Matched case-insensitively, as unquoted names are on every warehouse we target.
    /// </summary>
    public IReadOnlyList<string>? SourceColumns(string schema, string name) =>
        _sourceColumns.TryGetValue((schema, name), out var columns) ? columns : null;

    private void LoadSourceColumns(DbConnection connection, IReadOnlyCollection<string> schemas)
    {
        using var command = connection.CreateCommand();
        var names = new List<string>();
        foreach (var schema in schemas)
        {
            // Positional ($1, $2, ...): DuckDB and Npgsql both bind unnamed parameters this way.
            var parameter = command.CreateParameter();
            parameter.Value = schema.ToLowerInvariant();
            command.Parameters.Add(parameter);
            names.Add("$" + command.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        command.CommandText = "select table_schema, table_name, column_name from information_schema.columns"
            + $" where table_catalog = current_database() and lower(table_schema) in ({string.Join(", ", names)})"
            + " order by table_schema, table_name, ordinal_position";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!_sourceColumns.TryGetValue(key, out var columns))
            {
                _sourceColumns[key] = columns = [];
            }

            columns.Add(reader.GetString(2));
        }
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

/// <summary>Case-insensitive (schema, name) keys.</summary>
internal sealed class SchemaAndNameComparer : IEqualityComparer<(string Schema, string Name)>
{
    public static SchemaAndNameComparer Instance { get; } = new();

    public bool Equals((string Schema, string Name) x, (string Schema, string Name) y) =>
        string.Equals(x.Schema, y.Schema, StringComparison.OrdinalIgnoreCase) && string.Equals(x.Name, y.Name, StringComparison.OrdinalIgnoreCase);

    public int GetHashCode((string Schema, string Name) obj) =>
        HashCode.Combine(StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Schema), StringComparer.OrdinalIgnoreCase.GetHashCode(obj.Name));
}
