using System.Globalization;
using System.Text;
using Logbook.Core.Querying;
using Logbook.Hosting;
using Logbook.Samples.FivetranLog;
using Logbook.Transform.Execution;

namespace Logbook.Analytics.Tests.Support;

/// <summary>
/// A copy of the shipped projects/fivetran_log project in a temp folder with its own DuckDB warehouse, and helpers
/// to write a small, hand-made <c>fivetran_log</c> dataset into it. Tables are created with the connector's full
/// column set unless a test drops tables or columns to imitate an older or newer connector.
/// </summary>
internal sealed class FivetranProject : IDisposable
{
    /// <summary>Each source table's columns and types, as the Fivetran Platform Connector writes them.</summary>
    public static readonly IReadOnlyDictionary<string, string> SourceTables = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["log"] = "id varchar, time_stamp timestamp, connection_id varchar, connector_id varchar, event varchar, message_data varchar, message_event varchar, transformation_id varchar, sync_id varchar, _fivetran_synced timestamp",
        ["connection"] = "connection_id varchar, connecting_user_id varchar, connection_name varchar, connector_type varchar, connector_type_id varchar, destination_id varchar, paused boolean, service_version bigint, signed_up timestamp, _fivetran_synced timestamp, _fivetran_deleted boolean",
        ["destination"] = "id varchar, account_id varchar, created_at timestamp, name varchar, region varchar, _fivetran_synced timestamp",
        ["account"] = "id varchar, country varchar, created_at timestamp, name varchar, status varchar, _fivetran_synced timestamp",
        ["incremental_mar"] = "connector_id varchar, connection_name varchar, connector_name varchar, connection_id varchar, destination_id varchar, free_type varchar, measured_date timestamp, incremental_rows bigint, sync_type varchar, schema_name varchar, table_name varchar, updated_at timestamp, _fivetran_synced timestamp",
        ["credits_used"] = "destination_id varchar, measured_month varchar, credits_consumed bigint, _fivetran_synced timestamp",
        ["usage_cost"] = "destination_id varchar, measured_month varchar, amount double, _fivetran_synced timestamp",
        ["transformation_runs"] = "destination_id varchar, job_id varchar, measured_date timestamp, project_type varchar, free_type varchar, job_name varchar, updated_at timestamp, model_runs bigint, _fivetran_synced timestamp",
        ["user"] = "id varchar, created_at timestamp, email varchar, email_disabled boolean, family_name varchar, given_name varchar, phone varchar, verified boolean, _fivetran_synced timestamp",
        ["destination_membership"] = "destination_id varchar, user_id varchar, activated_at timestamp, joined_at timestamp, role varchar, _fivetran_synced timestamp",
    };

    private readonly TempFolder _folder = new();
    private int _logSequence;

    public FivetranProject(IEnumerable<string>? withoutTables = null)
    {
        CopyDirectory(System.IO.Path.Combine(AppContext.BaseDirectory, "fivetran_log"), _folder.Path);
        var skipped = new HashSet<string>(withoutTables ?? [], StringComparer.Ordinal);
        var ddl = new StringBuilder("create schema fivetran_log;\n");
        foreach (var (table, columns) in SourceTables.Where(t => !skipped.Contains(t.Key)))
        {
            ddl.Append(CultureInfo.InvariantCulture, $"create table fivetran_log.\"{table}\" ({columns});\n");
        }

        Sql(ddl.ToString());
    }

    public string Path => _folder.Path;

    public Dictionary<string, string> Variables => _folder.Variables;

    /// <summary>Runs SQL on the warehouse and returns the last result.</summary>
    public SqlResult Sql(string sql) => Host().RunSql(sql);

    public IReadOnlyList<object?[]> Rows(string sql) => Sql(sql).Rows;

    public object? Scalar(string sql) => Rows(sql)[0][0];

    public long Count(string sql) => Convert.ToInt64(Scalar(sql), CultureInfo.InvariantCulture);

    /// <summary>Adds a destination (and its account) with the given id.</summary>
    public FivetranProject Destination(string id, string name, string account = "acct")
    {
        Sql($"insert into fivetran_log.destination values ({Q(id)}, {Q(account)}, timestamp '2026-01-01', {Q(name)}, 'us-east-1', timestamp '2026-01-01')");
        return this;
    }

    /// <summary>Adds a connection row.</summary>
    public FivetranProject Connection(string id, string name, string destination, string type = "salesforce", string setUp = "2026-01-01", bool paused = false, bool deleted = false, string synced = "2026-03-01")
    {
        Sql($"insert into fivetran_log.connection values ({Q(id)}, 'user-1', {Q(name)}, {Q(type)}, {Q(type)}, {Q(destination)}, {B(paused)}, 1, timestamp {Q(setUp)}, timestamp {Q(synced)}, {B(deleted)})");
        return this;
    }

    /// <summary>Adds one log event; <paramref name="json"/> is the raw message_data text (may be invalid on purpose).</summary>
    public FivetranProject Log(string connection, string at, string subtype, string? json = null, string? sync = null, string eventType = "INFO", string? id = null, bool legacyConnectorId = false, string? transformation = null)
    {
        id ??= "log-" + (++_logSequence).ToString(CultureInfo.InvariantCulture);
        var connectionId = legacyConnectorId ? "null" : Q(connection);
        var connectorId = legacyConnectorId ? Q(connection) : "null";
        Sql($"insert into fivetran_log.log values ({Q(id)}, timestamp {Q(at)}, {connectionId}, {connectorId}, {QN(eventType)}, {QN(json)}, {Q(subtype)}, {QN(transformation)}, {QN(sync)}, timestamp {Q(at)} + interval 1 minute)");
        return this;
    }

    /// <summary>
    /// A complete sync as the connector logs it: sync_start, per table write_to_table_start / records_modified /
    /// write_to_table_end, an extract_summary, and sync_end with the status (and reason).
    /// </summary>
    public FivetranProject Sync(string connection, string sync, string start, string end, string status = "SUCCESSFUL", string? reason = null, long inserted = 0, long updated = 0, long deleted = 0, string table = "account", string schema = "sales", long? queries = null)
    {
        Log(connection, start, "sync_start", sync: sync);
        Log(connection, start, "write_to_table_start", $$"""{"table":"{{table}}"}""", sync);
        foreach (var (operation, count) in new[] { ("REPLACED_OR_INSERTED", inserted), ("UPDATED", updated), ("DELETED", deleted) }.Where(o => o.Item2 != 0))
        {
            Log(connection, end, "records_modified", $$"""{"table":"{{table}}","schema":"{{schema}}","operation_type":"{{operation}}","count":{{count}}}""", sync);
        }

        Log(connection, end, "write_to_table_end", $$"""{"table":"{{table}}"}""", sync);
        if (queries is not null)
        {
            Log(connection, end, "extract_summary", $$"""{"total_queries":{{queries}}}""", sync);
        }

        Log(connection, end, "sync_end", reason is null ? $$"""{"status":"{{status}}"}""" : $$"""{"status":"{{status}}","reason":"{{reason}}"}""", sync);
        return this;
    }

    /// <summary>Builds (or builds selected nodes of) the project; fails the test with the messages when a node fails.</summary>
    public RunResults Build(string? select = null, bool fullRefresh = false, string? vars = null, bool expectSuccess = true)
    {
        var engine = new ModelEngine(Host(), _folder.Environment);
        var manifest = engine.Parse(vars);
        var results = engine.Run(manifest, new RunOptions { Command = RunCommand.Build, Select = select, FullRefresh = fullRefresh, Threads = 2 }, new QuietRunReporter(), CancellationToken.None);
        if (expectSuccess && !results.Succeeded)
        {
            var failures = results.Results.Where(r => r.Status is NodeStatus.Error or NodeStatus.Fail).Select(r => $"{r.Name}: {r.Message}");
            throw new Xunit.Sdk.XunitException("build failed:\n" + string.Join("\n", failures));
        }

        return results;
    }

    /// <summary>Replaces the source tables with a generated dataset (docs/sample-data.md).</summary>
    public FivetranLogResult Generate(FivetranLogOptions options) => FivetranLogGenerator.Generate(Host().Warehouse, options);

    public void Dispose() => _folder.Dispose();

    /// <summary>A SQL string literal.</summary>
    public static string Q(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string QN(string? value) => value is null ? "null" : Q(value);

    private static string B(bool value) => value ? "true" : "false";

    private LogbookHost Host() => LogbookHost.Load(new HostOptions { ProjectDirectory = _folder.Path }, _folder.Environment);

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = System.IO.Path.Combine(to, System.IO.Path.GetRelativePath(from, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target, overwrite: true);
        }
    }
}
