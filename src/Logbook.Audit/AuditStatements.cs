using System.Globalization;
using System.Text;

namespace Logbook.Audit;

/// <summary>One parameterized audit statement; <see cref="What"/> names it in warnings.</summary>
internal sealed record AuditStatement(string What, string Sql, object?[] Values);

/// <summary>
/// Audit writes as SQL, portable between DuckDB and PostgreSQL, every value a parameter, as few statements as a
/// batch allows (see <see cref="AuditBatch"/>): outcomes of jobs started in an earlier batch become one
/// <c>UPDATE ... FROM (VALUES ...)</c>, new rows multi-row inserts (the writer bulk-loads those instead where the
/// warehouse can). A single op gives a single statement, which is how a failed batch is retried.
/// </summary>
internal static class AuditStatements
{
    /// <summary>Rows per multi-row statement: large enough to amortize a statement, small enough to prepare quickly.</summary>
    public const int RowsPerStatement = 100;

    private static readonly (string Name, string Type)[] s_outcomeColumns =
    [
        ("invocation_id", "VARCHAR"), ("model_name", "VARCHAR"), ("run_ended_at", "TIMESTAMP"), ("execution_time_seconds", "INTEGER"),
        ("rows_processed", "INTEGER"), ("rows_affected", "BIGINT"), ("status", "VARCHAR"), ("error_message", "VARCHAR"),
        ("custom_message", "VARCHAR"), ("duration_seconds", "DOUBLE PRECISION"),
    ];

    /// <summary>The statements that write <paramref name="ops"/> (in queue order) in <paramref name="schema"/>.</summary>
    public static List<AuditStatement> For(string schema, IReadOnlyList<AuditOp> ops)
    {
        var batch = AuditBatch.Of(ops);
        return [.. Updates(schema, batch), .. Inserts(schema, batch.NewJobs), .. Upserts(schema, batch), .. Inserts(schema, batch.Steps)];
    }

    /// <summary>The outcomes of jobs already in the table. They go first: a job that ended and then started again in the batch is reset by its upsert.</summary>
    public static List<AuditStatement> Updates(string schema, AuditBatch batch) =>
        [.. batch.Outcomes.Chunk(RowsPerStatement).Select(chunk => Update(schema, chunk))];

    /// <summary>Multi-row inserts of new summary rows (where no bulk loader is at hand).</summary>
    public static IEnumerable<AuditStatement> Inserts(string schema, IReadOnlyList<SummaryRow> rows) =>
        rows.Chunk(RowsPerStatement).Select(chunk => InsertSummary(schema, chunk, upsert: false));

    /// <summary>Multi-row inserts of steps (where no bulk loader is at hand).</summary>
    public static IEnumerable<AuditStatement> Inserts(string schema, IReadOnlyList<StepRow> steps) =>
        steps.Chunk(RowsPerStatement).Select(chunk => InsertSteps(schema, chunk));

    /// <summary>Jobs that run again in this invocation: their rows are replaced.</summary>
    public static IEnumerable<AuditStatement> Upserts(string schema, AuditBatch batch) =>
        batch.RepeatedJobs.Chunk(RowsPerStatement).Select(chunk => InsertSummary(schema, chunk, upsert: true));

    /// <summary>
    /// Restores journaled started rows that are not in the table (a dead run's), leaving rows that are as they are.
    /// </summary>
    public static AuditStatement Restore(string schema, StartedRow row)
    {
        var statement = InsertSummary(schema, [new SummaryRow(row, null)], upsert: false);
        return statement with { What = $"restore {row.ModelName}", Sql = statement.Sql + "\nON CONFLICT (invocation_id, model_name) DO NOTHING" };
    }

    private static AuditStatement InsertSummary(string schema, IReadOnlyList<SummaryRow> rows, bool upsert)
    {
        var values = new List<object?>(rows.Count * AuditSchema.SummaryColumns.Count);
        foreach (var row in rows)
        {
            values.AddRange(row.Values());
        }

        var sql = new StringBuilder($"INSERT INTO {AuditSchema.Summary(schema)} ({string.Join(", ", AuditSchema.SummaryColumns)})\nVALUES ");
        AppendRows(sql, rows.Count, AuditSchema.SummaryColumns.Count, type: null);
        if (upsert)
        {
            sql.Append("\nON CONFLICT (invocation_id, model_name) DO UPDATE SET ")
                .AppendJoin(", ", AuditSchema.SummaryColumns.Skip(2).Select(c => $"{c} = excluded.{c}"));
        }

        return new AuditStatement(rows.Count == 1 ? $"start {rows[0].Start.ModelName}" : $"{rows.Count} jobs", sql.ToString(), [.. values]);
    }

    private static AuditStatement Update(string schema, IReadOnlyList<OutcomeRow> outcomes)
    {
        var values = new List<object?>(outcomes.Count * s_outcomeColumns.Length);
        foreach (var o in outcomes)
        {
            values.AddRange([o.InvocationId, o.ModelName, o.RunEndedAt, o.ExecutionTimeSeconds, o.RowsProcessed, o.RowsAffected, o.Status, o.ErrorMessage, o.CustomMessage, o.DurationSeconds]);
        }

        // The VALUES list carries no column types, so every parameter is cast to its column's.
        var sql = new StringBuilder($"UPDATE {AuditSchema.Summary(schema)} AS t SET ")
            .AppendJoin(", ", s_outcomeColumns.Skip(2).Select(c => c.Name == "custom_message" ? "custom_message = coalesce(v.custom_message, t.custom_message)" : $"{c.Name} = v.{c.Name}"))
            .Append("\nFROM (VALUES ");
        AppendRows(sql, outcomes.Count, s_outcomeColumns.Length, column => s_outcomeColumns[column].Type);
        sql.Append(") AS v(").AppendJoin(", ", s_outcomeColumns.Select(c => c.Name))
            .Append(")\nWHERE t.invocation_id = v.invocation_id AND t.model_name = v.model_name");
        return new AuditStatement(outcomes.Count == 1 ? $"end {outcomes[0].ModelName}" : $"{outcomes.Count} job outcomes", sql.ToString(), [.. values]);
    }

    private static AuditStatement InsertSteps(string schema, IReadOnlyList<StepRow> steps)
    {
        var values = new List<object?>(steps.Count * AuditSchema.DetailColumns.Count);
        foreach (var step in steps)
        {
            values.AddRange(step.Values());
        }

        var sql = new StringBuilder($"INSERT INTO {AuditSchema.Detail(schema)} ({string.Join(", ", AuditSchema.DetailColumns)})\nVALUES ");
        AppendRows(sql, steps.Count, AuditSchema.DetailColumns.Count, type: null);
        return new AuditStatement(steps.Count == 1 ? $"step {steps[0].ModelName}/{steps[0].StepName}" : $"{steps.Count} steps", sql.ToString(), [.. values]);
    }

    /// <summary>Appends <c>($1, $2, ...), (...)</c>: <paramref name="count"/> rows of <paramref name="width"/> parameters.</summary>
    private static void AppendRows(StringBuilder sql, int count, int width, Func<int, string>? type)
    {
        var parameter = 1;
        for (var row = 0; row < count; row++)
        {
            sql.Append(row == 0 ? "(" : ", (");
            for (var column = 0; column < width; column++, parameter++)
            {
                var placeholder = "$" + parameter.ToString(CultureInfo.InvariantCulture);
                sql.Append(column == 0 ? "" : ", ").Append(type is null ? placeholder : $"CAST({placeholder} AS {type(column)})");
            }

            sql.Append(')');
        }
    }
}
