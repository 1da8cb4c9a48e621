namespace Logbook.Transform.Project;

/// <summary>How a model is built in the warehouse.</summary>
public enum Materialization
{
    /// <summary><c>CREATE VIEW</c>: nothing stored, always current.</summary>
    View,

    /// <summary>Built under a temporary name and swapped in within one transaction.</summary>
    Table,

    /// <summary>New rows merged into the existing table (<c>unique_key</c>); rebuilt with <c>--full-refresh</c>.</summary>
    Incremental,

    /// <summary>Never built: inlined as a CTE into the models that reference it.</summary>
    Ephemeral,
}

/// <summary>How an incremental model merges its new rows.</summary>
public enum IncrementalStrategy
{
    /// <summary>Rows with a <c>unique_key</c> already in the table are deleted, then the new rows inserted.</summary>
    DeleteInsert,

    /// <summary>A <c>MERGE</c> on <c>unique_key</c>: matched rows updated, others inserted.</summary>
    Merge,

    /// <summary>New rows are inserted (no key).</summary>
    Append,
}
