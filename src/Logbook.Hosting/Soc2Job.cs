using Logbook.Audit;
using Logbook.Soc2.Crawl;
using Logbook.Soc2.Reports;

namespace Logbook.Hosting;

/// <summary>The SOC2 access connector on a host's warehouse, as one job of the run audit log; and its report.</summary>
public static class Soc2Job
{
    /// <summary>Runs (or resumes) the connector. Audit problems arrive as warnings.</summary>
    public static Soc2RunResult Run(LogbookHost host, Soc2ConnectorOptions options, Action<string> warn, CancellationToken cancellationToken, HttpMessageHandler? handler = null)
    {
        using var audit = AuditLog.Open(host.Warehouse, host.AuditOptions(), warn);
        audit.MarkAbandoned();
        return new Soc2Connector(host.Warehouse, audit, options, handler).RunAsync(cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>The access review of the last published run, with the changes from <paramref name="changesSince"/> to <paramref name="changesUntil"/> (exclusive; null: now).</summary>
    public static AccessReviewReport Report(LogbookHost host, string schema, DateTime changesSince, DateTime? changesUntil = null) =>
        AccessReviewReport.Load(host.Warehouse, schema, changesSince, changesUntil);
}
