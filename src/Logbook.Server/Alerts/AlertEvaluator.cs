using System.Globalization;
using Logbook.Server.Health;

namespace Logbook.Server.Alerts;

/// <summary>A change of an alert's state for one stream: it started firing, or it resolved.</summary>
public sealed record AlertEvent(string Alert, string Stream, string Status, string Message, DateTime At);

/// <summary>
/// The seed's three alerts, evaluated by Logbook itself for users without Prometheus (the same thresholds as
/// <c>deploy/prometheus/logbook-alerts.yml</c>): no successful sync in 15 minutes, more than 3 consecutive failures,
/// data latency over an hour. Only changes are reported (firing once, resolved once), so a notification is never
/// repeated while nothing changes; streams that never ran do not alert (as the Prometheus rules, which have no series).
/// </summary>
public sealed class AlertEvaluator
{
    public const string NoRecentSuccess = "AnalyticsSyncNoRecentSuccess";
    public const string ConsecutiveFailures = "AnalyticsSyncConsecutiveFailures";
    public const string HighLatency = "AnalyticsSyncHighLatency";

    private readonly Dictionary<(string Alert, string Stream), bool> _firing = [];

    /// <summary>Starts from known states (the last recorded event of each alert and stream), so a restart does not notify again.</summary>
    public AlertEvaluator(IEnumerable<AlertEvent>? known = null)
    {
        foreach (var e in known ?? [])
        {
            _firing[(e.Alert, e.Stream)] = e.Status == "firing";
        }
    }

    public IReadOnlyList<AlertEvent> Evaluate(IReadOnlyList<StreamHealth> streams, DateTime now)
    {
        var events = new List<AlertEvent>();
        foreach (var stream in streams.Where(s => s.Status != "never"))
        {
            var sinceSuccess = stream.LastSuccessAt is { } success ? now - success : (TimeSpan?)null;
            Check(events, NoRecentSuccess, stream.Stream, now,
                sinceSuccess is null || sinceSuccess > SyncThresholds.NoSuccessWithin,
                sinceSuccess is null ? "has never synced successfully" : $"last synced successfully {sinceSuccess.Value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture)} minutes ago (threshold 15)");
            Check(events, ConsecutiveFailures, stream.Stream, now,
                stream.ConsecutiveFailures > SyncThresholds.MaxConsecutiveFailures,
                $"{stream.ConsecutiveFailures} consecutive failed runs (threshold: more than 3){(stream.LastError is { } error ? $"; last error: {error}" : string.Empty)}");
            Check(events, HighLatency, stream.Stream, now,
                stream.LatencySeconds > SyncThresholds.MaxLatencySeconds,
                $"data latency {(stream.LatencySeconds ?? 0).ToString("0", CultureInfo.InvariantCulture)} s (threshold 3600 s)");
        }

        return events;
    }

    private void Check(List<AlertEvent> events, string alert, string stream, DateTime now, bool firing, string message)
    {
        var was = _firing.GetValueOrDefault((alert, stream));
        if (firing == was)
        {
            return;
        }

        _firing[(alert, stream)] = firing;
        events.Add(new AlertEvent(alert, stream, firing ? "firing" : "resolved", firing ? message : $"resolved ({message})", now));
    }
}
