using System.Data.Common;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.Server.Scheduling;

/// <summary>
/// The scheduler's run history in the warehouse, <c>logbook_server.job_runs</c>: a row when a run starts, updated
/// when it ends, so <c>logbook jobs</c> shows last runs and a killed server's runs stay visible as <c>running</c>
/// until the next start marks them <c>abandoned</c>. A failed write is a warning, never a failed job.
/// </summary>
public sealed class JobRunStore(IWarehouse warehouse, string schema = JobRunStore.DefaultSchema, Action<string>? warn = null)
{
    public const string DefaultSchema = "logbook_server";

    private readonly object _ddlGate = new();
    private bool _created;

    private string Table => SqlIdentifier.Qualified(schema, "job_runs");

    public void Started(JobRun run) => Try(connection =>
        Execute(connection, $"insert into {Table} (run_id, job, trigger, started_at, status) values ($1, $2, $3, $4, 'running')", run.RunId, run.Job, run.Trigger, run.StartedAt));

    public void Ended(JobRun run) => Try(connection =>
        Execute(connection, $"update {Table} set ended_at = $1, status = $2, message = $3, rows_processed = $4, duration_seconds = $5 where run_id = $6", run.EndedAt, run.Status, run.Message, run.Rows, run.DurationSeconds, run.RunId));

    /// <summary>Marks runs a dead server left <c>running</c> (called once at start, before any job runs).</summary>
    public void MarkAbandoned() => Try(connection =>
        Execute(connection, $"update {Table} set status = 'abandoned', message = 'the server stopped before the run ended' where status = 'running'"));

    /// <summary>The last run of each job, newest first; empty when nothing was recorded.</summary>
    public IReadOnlyList<JobRun> LastRuns()
    {
        var runs = new List<JobRun>();
        Try(connection =>
        {
            using var command = connection.CreateCommand();
            command.CommandText = $"select run_id, job, trigger, started_at, ended_at, status, message, rows_processed from {Table} r where started_at = (select max(started_at) from {Table} x where x.job = r.job) order by started_at desc";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                runs.Add(new JobRun(
                    reader.GetString(0), reader.GetString(1), reader.GetString(2), Utc(reader.GetDateTime(3)), reader.IsDBNull(4) ? null : Utc(reader.GetDateTime(4)),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetInt64(7)));
            }
        });
        return runs;
    }

    private void Try(Action<DbConnection> action)
    {
        try
        {
            using var connection = warehouse.OpenConnection();
            EnsureTable(connection);
            action(connection);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException)
        {
            warn?.Invoke($"the job history could not be written: {warehouse.DescribeError(e)}");
        }
    }

    private void EnsureTable(DbConnection connection)
    {
        lock (_ddlGate)
        {
            if (_created)
            {
                return;
            }

            var text = warehouse.Kind == WarehouseKind.Postgres ? "text" : "VARCHAR";
            var number = warehouse.Kind == WarehouseKind.Postgres ? "double precision" : "DOUBLE";
            Execute(connection, $"create schema if not exists {SqlIdentifier.Quote(schema)}");
            Execute(connection, $"create table if not exists {Table} (run_id {text} primary key, job {text} not null, trigger {text} not null, started_at timestamptz not null, ended_at timestamptz, status {text} not null, message {text}, rows_processed bigint, duration_seconds {number})");
            _created = true;
        }
    }

    private static void Execute(DbConnection connection, string sql, params object?[] values) => DbCommands.Execute(connection, null, sql, values);

    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
