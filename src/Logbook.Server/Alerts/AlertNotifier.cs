using System.Data.Common;
using System.Net.Http.Json;
using Logbook.Core.Querying;
using Logbook.Core.Warehouses;

namespace Logbook.Server.Alerts;

/// <summary>
/// Delivers alert events to a webhook as Slack-compatible JSON (<c>text</c> plus one attachment with the alert's
/// fields), and records every event, delivered or not, in <c>logbook_server.alert_events</c>.
/// </summary>
public sealed class AlertNotifier(IWarehouse warehouse, HttpClient http, Uri? webhook, Action<string> warn, string schema = Scheduling.JobRunStore.DefaultSchema)
{
    private bool _created;

    private string Table => SqlIdentifier.Qualified(schema, "alert_events");

    public async Task NotifyAsync(AlertEvent alert, CancellationToken cancellationToken)
    {
        string? error = null;
        if (webhook is not null)
        {
            var payload = new
            {
                text = $"[{alert.Status.ToUpperInvariant()}] {alert.Alert} for stream {alert.Stream}: {alert.Message}",
                attachments = new[]
                {
                    new
                    {
                        color = alert.Status == "firing" ? "danger" : "good",
                        title = alert.Alert,
                        fields = new[]
                        {
                            new { title = "stream", value = alert.Stream, @short = true },
                            new { title = "status", value = alert.Status, @short = true },
                            new { title = "at", value = alert.At.ToString("O"), @short = false },
                        },
                    },
                },
                alert = alert.Alert,
                stream = alert.Stream,
                status = alert.Status,
            };
            try
            {
                using var response = await http.PostAsJsonAsync(webhook, payload, cancellationToken).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    error = $"the webhook answered {(int)response.StatusCode}";
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                error = $"the webhook could not be reached: {e.Message}";
            }

            if (error is not null)
            {
                warn($"alert {alert.Alert} ({alert.Stream}, {alert.Status}): {error}");
            }
        }

        Record(alert, webhook is not null && error is null, error);
    }

    /// <summary>The last event of each alert and stream, to start the evaluator from.</summary>
    public IReadOnlyList<AlertEvent> LastEvents()
    {
        try
        {
            using var connection = warehouse.OpenConnection();
            Ensure(connection);
            var rows = DbCommands.Rows(connection, null, $"select alert, stream, status, message, event_at from {Table} e where event_at = (select max(event_at) from {Table} x where x.alert = e.alert and x.stream = e.stream)");
            return [.. rows.Select(r => new AlertEvent((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (DateTime)r[4]!))];
        }
        catch (DbException e)
        {
            warn($"the alert history could not be read: {warehouse.DescribeError(e)}");
            return [];
        }
    }

    public IReadOnlyList<AlertEvent> Recent(int limit)
    {
        using var connection = warehouse.OpenConnection();
        Ensure(connection);
        var rows = DbCommands.Rows(connection, null, $"select alert, stream, status, message, event_at from {Table} order by event_at desc limit {limit}");
        return [.. rows.Select(r => new AlertEvent((string)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!, (DateTime)r[4]!))];
    }

    private void Record(AlertEvent alert, bool delivered, string? error)
    {
        try
        {
            using var connection = warehouse.OpenConnection();
            Ensure(connection);
            DbCommands.Execute(connection, null, $"insert into {Table} (alert, stream, status, message, event_at, delivered, delivery_error) values ($1, $2, $3, $4, $5, $6, $7)", alert.Alert, alert.Stream, alert.Status, alert.Message, alert.At, delivered, error);
        }
        catch (DbException e)
        {
            warn($"the alert event could not be recorded: {warehouse.DescribeError(e)}");
        }
    }

    private void Ensure(DbConnection connection)
    {
        if (_created)
        {
            return;
        }

        var text = warehouse.Kind == WarehouseKind.Postgres ? "text" : "VARCHAR";
        DbCommands.Execute(connection, null, $"create schema if not exists {SqlIdentifier.Quote(schema)}");
        DbCommands.Execute(connection, null, $"create table if not exists {Table} (alert {text} not null, stream {text} not null, status {text} not null, message {text}, event_at timestamptz not null, delivered boolean, delivery_error {text})");

        _created = true;
    }
}
