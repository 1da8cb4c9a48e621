namespace Logbook.DuckDb.Native;

/// <summary><c>duckdb_state</c>: the status every fallible C API call returns.</summary>
internal enum DuckDbState
{
    Success = 0,
    Error = 1,
}

/// <summary><c>duckdb_result_type</c>: what kind of result a statement produced.</summary>
internal enum DuckDbResultType
{
    Invalid = 0,
    ChangedRows = 1,
    Nothing = 2,
    QueryResult = 3,
}
