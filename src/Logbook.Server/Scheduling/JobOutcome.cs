namespace Logbook.Server.Scheduling;

/// <summary>How one run of a job ended: <c>success</c>, <c>failed</c>, <c>cancelled</c> (shutdown), or <c>skipped</c> (its previous run was still going).</summary>
public sealed record JobOutcome(string Status, string? Message = null, long? Rows = null);

/// <summary>Runs a job once; never throws for the job's own failure (that is a <c>failed</c> outcome).</summary>
public interface IJobRunner
{
    JobOutcome Run(JobDefinition job, CancellationToken cancellationToken);
}
