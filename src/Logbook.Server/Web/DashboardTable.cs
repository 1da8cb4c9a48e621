namespace Logbook.Server.Web;

/// <summary>
/// A table of the dashboard: its id (its CSV is <c>/csv/&lt;id&gt;</c>), its title, and how it is read. A page shows
/// it and the CSV endpoint serves the very same rows.
/// </summary>
internal sealed record DashboardTable(string Id, string Title, Func<DashboardData, TableData> Load)
{
    /// <summary>A table read with SQL from warehouse tables that may not exist yet.</summary>
    public static DashboardTable Sql(string id, string title, Func<ServerContext, DataSource[]> sources, Func<ServerContext, DataSource[], string> sql) =>
        new(id, title, data =>
        {
            var from = sources(data.Context);
            return data.Query(from, sql(data.Context, from));
        });

    /// <summary>A table read from one warehouse table; <paramref name="sql"/> gets its quoted, qualified name.</summary>
    public static DashboardTable Sql(string id, string title, DataSource source, Func<string, string> sql) =>
        Sql(id, title, _ => [source], (_, from) => sql(from[0].Qualified));

    /// <summary>A table read from one warehouse table that depends on the server's configuration (the audit or replication schema).</summary>
    public static DashboardTable Sql(string id, string title, Func<ServerContext, DataSource> source, Func<string, string> sql) =>
        Sql(id, title, context => [source(context)], (_, from) => sql(from[0].Qualified));

    public string CsvPath => "/csv/" + Id;
}
