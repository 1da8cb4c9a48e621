using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>How a failing test counts: <c>error</c> fails the run (and skips downstream in <c>build</c>), <c>warn</c> only warns.</summary>
public enum TestSeverity
{
    Error,
    Warn,
}

/// <summary>
/// A data test: a query returning the failing rows. Generic tests come from YAML (<c>not_null</c>, <c>unique</c>,
/// ...) and are attached to a model or source (and a column); singular tests are <c>tests/*.sql</c> files.
/// </summary>
public sealed class TestNode
{
    /// <summary><c>test.&lt;project&gt;.&lt;name&gt;</c>.</summary>
    public required string UniqueId { get; init; }

    public required string Name { get; init; }

    /// <summary>The generic test's name (<c>not_null</c>, ...) or null for a singular test.</summary>
    public string? TestName { get; init; }

    /// <summary>The model or source the test belongs to (generic tests).</summary>
    public string? AttachedNode { get; init; }

    public string? ColumnName { get; init; }

    /// <summary>The test's arguments as written in YAML (<c>values</c>, <c>to</c>, <c>field</c>, ...).</summary>
    public IReadOnlyDictionary<string, object?> Arguments { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    public TestSeverity Severity { get; init; } = TestSeverity.Error;

    /// <summary>A filter applied to the tested relation (<c>where:</c>).</summary>
    public string? Where { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The unique ids of the models and sources the test reads.</summary>
    public required IReadOnlyList<string> DependsOn { get; init; }

    /// <summary>The YAML or SQL file defining it, relative to the project, with forward slashes.</summary>
    public required string OriginalFilePath { get; init; }

    /// <summary>Where it is defined, <c>file:line:col</c> (relative path).</summary>
    public required string DefinedAt { get; init; }

    /// <summary>The singular test's template (null for generic tests).</summary>
    public IReadOnlyList<TemplateNode>? Template { get; init; }

    /// <summary>The singular test's SQL as written (null for generic tests).</summary>
    public string? RawSql { get; init; }

    /// <summary>The singular test's file (absolute).</summary>
    public string? FilePath { get; init; }
}
