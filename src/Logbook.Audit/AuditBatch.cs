namespace Logbook.Audit;

/// <summary>A summary row to insert: a job's start and, when it ended within the same batch, its outcome.</summary>
internal sealed record SummaryRow(StartedRow Start, OutcomeRow? Outcome)
{
    /// <summary>The values in the table's column order (<see cref="AuditSchema.SummaryColumns"/>).</summary>
    public object?[] Values() =>
    [
        Start.InvocationId, Start.ModelName, Start.RunStartedAt, Outcome?.RunEndedAt, Outcome?.ExecutionTimeSeconds,
        Outcome?.RowsProcessed, Outcome?.Status ?? "started", Start.RunByUser, Outcome?.CustomMessage ?? Start.CustomMessage,
        Outcome?.ErrorMessage, Start.JobType, Start.TargetName, Start.Host, Start.ProcessId, Start.LogbookVersion,
        Outcome?.RowsAffected, Outcome?.DurationSeconds,
    ];
}

/// <summary>
/// Queued audit writes folded into what the table needs: a job that starts and ends within the batch is one new
/// row carrying its outcome (no update); outcomes of jobs started in an earlier batch; jobs that run again in the
/// invocation (their rows are replaced); and steps. Applying <see cref="Outcomes"/>, then <see cref="NewJobs"/>
/// and <see cref="RepeatedJobs"/>, then <see cref="Steps"/> gives the same rows as applying the ops one by one.
/// </summary>
internal sealed class AuditBatch
{
    public List<OutcomeRow> Outcomes { get; } = [];

    public List<SummaryRow> NewJobs { get; } = [];

    public List<SummaryRow> RepeatedJobs { get; } = [];

    public List<StepRow> Steps { get; } = [];

    public static AuditBatch Of(IReadOnlyList<AuditOp> ops)
    {
        var rows = new Dictionary<(string, string), (SummaryRow Row, bool Repeat)>();
        var order = new List<(string, string)>();
        var outcomes = new Dictionary<(string, string), OutcomeRow>();
        var batch = new AuditBatch();
        foreach (var op in ops)
        {
            switch (op)
            {
                case StartOp start:
                    var key = (start.Row.InvocationId, start.Row.ModelName);
                    if (rows.TryGetValue(key, out var earlier))
                    {
                        // Started again within the batch: the row is in the table only if the first start said so.
                        rows[key] = (new SummaryRow(start.Row, null), earlier.Repeat);
                    }
                    else
                    {
                        rows[key] = (new SummaryRow(start.Row, null), start.Repeat);
                        order.Add(key);
                    }

                    break;
                case EndOp end:
                    var job = (end.Row.InvocationId, end.Row.ModelName);
                    if (rows.TryGetValue(job, out var row))
                    {
                        rows[job] = (row.Row with { Outcome = end.Row }, row.Repeat);
                    }
                    else
                    {
                        outcomes[job] = end.Row;
                    }

                    break;
                case StepOp step:
                    batch.Steps.Add(step.Row);
                    break;
            }
        }

        batch.Outcomes.AddRange(outcomes.Values);
        foreach (var (row, repeat) in order.Select(key => rows[key]))
        {
            (repeat ? batch.RepeatedJobs : batch.NewJobs).Add(row);
        }

        return batch;
    }
}
