using System.Globalization;

namespace Logbook.Samples.FivetranLog;

/// <summary>One job's day: the <c>transformation_runs</c> row.</summary>
internal sealed record TransformationDay(SampleJob Job, DateTime Day, long ModelRuns, DateTime UpdatedAt);

/// <summary>
/// Runs the dbt jobs: two log rows a run with <c>transformation_id</c> set, no <c>event</c> and plain-text
/// <c>message_data</c> ("... Transformation run has succeeded" / "has failed"), as legacy transformation logs are.
/// </summary>
internal static class TransformationSimulator
{
    private static readonly string[] s_failures =
    [
        "Database Error in model fct_orders (models/marts/fct_orders.sql): division by zero",
        "Compilation Error in model stg_customers (models/staging/stg_customers.sql): column \"email_address\" does not exist",
        "Runtime Error: the source table 'salesforce.opportunity' was not found",
    ];

    public static List<TransformationDay> Run(FivetranLogOptions options, SampleWorld world, LogSink log)
    {
        var days = new List<TransformationDay>();
        for (var j = 0; j < world.Jobs.Count; j++)
        {
            var job = world.Jobs[j];
            var random = SampleRandom.Derive(options.Seed, Streams.Transformations, j);
            log.BeginSource(Streams.LogRows, world.Connections.Count + j, connectionId: null);
            var run = random.Next(30_000_000, 40_000_000);
            for (var day = options.Start; day < options.End; day = day.AddDays(1))
            {
                long modelRuns = 0;
                var updatedAt = day;
                var runs = job.Hourly ? 24 : 1;
                for (var r = 0; r < runs; r++)
                {
                    var at = day.AddMinutes((job.Hourly ? r * 60 : 6 * 60) + job.Minute).AddSeconds(random.Next(60)).AddMilliseconds(random.Next(1000));
                    var name = string.Create(CultureInfo.InvariantCulture, $"{job.Name}(dbt build --select {job.Name}) run={run++}");
                    log.Write(at, null, null, $"{name} Transformation run has started", transformationId: job.Id);
                    var failed = random.Chance(0.06);
                    at = at.AddSeconds(random.Next(40, 12 * 60));
                    log.Write(at, null, null, failed ? $"{name} Transformation run has failed: {random.Pick(s_failures)}" : $"{name} Transformation run has succeeded", transformationId: job.Id);
                    modelRuns += failed ? random.Next(job.Models) : job.Models;
                    updatedAt = at;
                }

                days.Add(new TransformationDay(job, day, modelRuns, updatedAt));
            }
        }

        return days;
    }
}
