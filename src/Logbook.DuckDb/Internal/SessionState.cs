namespace Logbook.DuckDb.Internal;

/// <summary>The states of a <see cref="DuckDbSession"/>. Exactly one user operation runs at a time.</summary>
internal enum SessionState
{
    /// <summary>Open and idle: a command may start.</summary>
    Ready = 0,

    /// <summary>A command is preparing, binding or executing a statement.</summary>
    Executing = 1,

    /// <summary>A data reader is open on a streaming result; the connection is busy until it closes.</summary>
    Fetching = 2,

    /// <summary>The native connection is gone; every call fails.</summary>
    Closed = 3,
}
