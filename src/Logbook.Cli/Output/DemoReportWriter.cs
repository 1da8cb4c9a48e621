using Logbook.Hosting;

namespace Logbook.Cli.Output;

/// <summary>The demo's closing health report: plain text, short enough to read in one screen.</summary>
internal static class DemoReportWriter
{
    public static void Write(TextWriter output, FivetranDemoReport report)
    {
        output.WriteLine();
        output.WriteLine("Connection health");
        foreach (var (health, connections) in report.Health)
        {
            output.WriteLine($"  {health,-26} {connections,5}");
        }

        output.WriteLine();
        output.WriteLine(report.Problems.Count == 0 ? "No problematic connectors." : "Problematic connectors (worst first)");
        foreach (var (connection, severity, score, reasons) in report.Problems)
        {
            output.WriteLine($"  {connection} [{severity}, score {score}]: {reasons}");
        }

        output.WriteLine();
        output.WriteLine(report.Recommendations.Count == 0 ? "No recommendations." : "Top recommendations");
        foreach (var (connection, type, priority, evidence) in report.Recommendations)
        {
            output.WriteLine($"  [{priority}] {connection}: {type}: {evidence}");
        }

        output.WriteLine();
        output.WriteLine($"Warehouse: {report.WarehouseDescription}");
        output.WriteLine($"Query it:  ./logbook sql \"select * from fct_fivetran_logs.fct_fivetran_connector_health\" --project-dir {report.ProjectDirectory}");
        output.WriteLine($"Docs:      ./logbook docs generate --project-dir {report.ProjectDirectory}  (then open target/index.html there)");
    }
}
