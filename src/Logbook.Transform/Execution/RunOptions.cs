namespace Logbook.Transform.Execution;

/// <summary>The command being run.</summary>
public enum RunCommand
{
    /// <summary>Render SQL and write it to target/compiled; nothing runs.</summary>
    Compile,

    /// <summary>Build models.</summary>
    Run,

    /// <summary>Run tests.</summary>
    Test,

    /// <summary>Models and their tests in DAG order; a failure skips everything downstream.</summary>
    Build,
}

/// <summary>The options of one invocation (<c>--select</c>, <c>--threads</c>, ...).</summary>
public sealed record RunOptions
{
    public RunCommand Command { get; init; } = RunCommand.Run;

    public string? Select { get; init; }

    public string? Exclude { get; init; }

    public int Threads { get; init; } = 4;

    public bool FullRefresh { get; init; }

    public bool FailFast { get; init; }

    /// <summary>The profile target's name, for artifacts and the audit log.</summary>
    public string? TargetName { get; init; }
}
