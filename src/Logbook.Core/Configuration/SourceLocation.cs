using System.Globalization;

namespace Logbook.Core.Configuration;

/// <summary>A position in a configuration file (1-based line and column), printed as <c>file:line:col</c>.</summary>
public sealed record SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}:{Column}");
}
