using System.Data.Common;
using System.Text.Json.Nodes;
using Logbook.Core.Warehouses;
using Logbook.Transform.Project;

namespace Logbook.Transform.Artifacts;

/// <summary>
/// Builds <c>catalog.json</c>: the columns and types the warehouse reports for every built model and declared
/// source (from <c>information_schema.columns</c>), for the docs site.
/// </summary>
public static class CatalogBuilder
{
    public static JsonObject Build(Manifest manifest, IWarehouse warehouse)
    {
        var columns = new Dictionary<(string Schema, string Table), List<(string Name, string Type, int Index)>>();
        using (var connection = warehouse.OpenConnection())
        {
            Read(connection, columns);
        }

        JsonObject Entry(string schema, string table)
        {
            var json = new JsonObject();
            if (columns.TryGetValue((schema, table), out var found))
            {
                foreach (var (name, type, index) in found.OrderBy(c => c.Index))
                {
                    json[name] = new JsonObject { ["name"] = name, ["type"] = type, ["index"] = index };
                }
            }

            return new JsonObject { ["columns"] = json };
        }

        var nodes = new JsonObject();
        foreach (var model in manifest.Models.Values.Where(m => m.RelationName is not null).OrderBy(m => m.UniqueId, StringComparer.Ordinal))
        {
            nodes[model.UniqueId] = Entry(model.Schema, model.Alias);
        }

        var sources = new JsonObject();
        foreach (var source in manifest.Sources.Values.OrderBy(s => s.UniqueId, StringComparer.Ordinal))
        {
            sources[source.UniqueId] = Entry(source.Schema, source.Identifier);
        }

        return new JsonObject { ["nodes"] = nodes, ["sources"] = sources };
    }

    private static void Read(DbConnection connection, Dictionary<(string, string), List<(string, string, int)>> columns)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "select table_schema, table_name, column_name, data_type, ordinal_position from information_schema.columns where table_catalog = current_database()";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var key = (reader.GetString(0), reader.GetString(1));
            if (!columns.TryGetValue(key, out var list))
            {
                columns[key] = list = [];
            }

            list.Add((reader.GetString(2), reader.GetString(3), Convert.ToInt32(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture)));
        }
    }
}
