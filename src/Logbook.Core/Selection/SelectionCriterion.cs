namespace Logbook.Core.Selection;

/// <summary>
/// One selector term, as dbt spells it: <c>[N]+method:value+[N]</c>. <see cref="ParentDepth"/> and
/// <see cref="ChildDepth"/> are null when the term has no <c>+</c> on that side, and <see cref="int.MaxValue"/> for a
/// bare <c>+</c> (all generations).
/// </summary>
public sealed record SelectionCriterion(string Method, string Value, int? ParentDepth, int? ChildDepth)
{
    /// <summary>The term as it was written, normalised.</summary>
    public override string ToString()
    {
        var parents = ParentDepth switch { null => string.Empty, int.MaxValue => "+", var n => $"{n}+" };
        var children = ChildDepth switch { null => string.Empty, int.MaxValue => "+", var n => $"+{n}" };
        return $"{parents}{Method}:{Value}{children}";
    }
}

/// <summary>A selector that cannot be parsed or names an unknown method.</summary>
public sealed class SelectionException(string message) : Exception(message);
