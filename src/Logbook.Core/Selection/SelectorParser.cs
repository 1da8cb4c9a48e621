using System.Globalization;
using System.Text.RegularExpressions;

namespace Logbook.Core.Selection;

/// <summary>
/// Parses <c>--select</c>/<c>--exclude</c> text like dbt: terms separated by spaces are a union, terms joined by
/// commas an intersection (<c>tag:usage,path:marts</c>). A term is <c>[N]+method:value+[N]</c>; without a method
/// it is a name. Methods: <c>name</c> (with <c>*</c> wildcards), <c>tag</c>, <c>path</c>.
/// </summary>
public static partial class SelectorParser
{
    public static IReadOnlyList<string> Methods { get; } = ["name", "tag", "path"];

    /// <summary>The union (outer list) of intersections (inner lists) the text describes.</summary>
    public static IReadOnlyList<IReadOnlyList<SelectionCriterion>> Parse(string text)
    {
        var union = new List<IReadOnlyList<SelectionCriterion>>();
        foreach (var group in text.Split([' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries))
        {
            union.Add([.. group.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseTerm)]);
        }

        return union;
    }

    public static SelectionCriterion ParseTerm(string term)
    {
        var match = TermPattern().Match(term);
        if (!match.Success)
        {
            throw new SelectionException($"Cannot parse the selector '{term}': expected [N]+method:value+[N], for example '+fct_sync', 'tag:usage+' or '2+path:models/marts'.");
        }

        var method = match.Groups["method"].Success ? match.Groups["method"].Value.ToLowerInvariant() : "name";
        if (!Methods.Contains(method))
        {
            throw new SelectionException($"Unknown selector method '{method}' in '{term}'; use one of: {string.Join(", ", Methods)}.");
        }

        return new SelectionCriterion(
            method,
            match.Groups["value"].Value,
            Depth(match.Groups["parents"], match.Groups["parentDepth"]),
            Depth(match.Groups["children"], match.Groups["childDepth"]));
    }

    private static int? Depth(Group plus, Group digits) =>
        !plus.Success ? null : digits.Success ? int.Parse(digits.Value, CultureInfo.InvariantCulture) : int.MaxValue;

    [GeneratedRegex(@"^(?:(?<parentDepth>\d+)?(?<parents>\+))?(?:(?<method>[A-Za-z_]+):)?(?<value>[^+:,\s]+)(?:(?<children>\+)(?<childDepth>\d+)?)?$")]
    private static partial Regex TermPattern();
}
