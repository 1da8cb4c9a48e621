using Logbook.Core.Configuration;

namespace Logbook.Transform.Project;

/// <summary>Parses <c>--vars '{key: value, ...}'</c> (YAML or JSON) into variable overrides.</summary>
public static class VarsOption
{
    public static IReadOnlyDictionary<string, object?> Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new Dictionary<string, object?>(StringComparer.Ordinal);
        }

        try
        {
            var file = YamlFile.Parse(text, "--vars", _ => null);
            return YamlFile.ToValue(file.Root) as Dictionary<string, object?> ?? new Dictionary<string, object?>(StringComparer.Ordinal);
        }
        catch (LogbookConfigurationException e)
        {
            throw new ProjectException($"--vars must be a mapping such as '{{start_date: 2026-01-01}}': {e.Problem}", e);
        }
    }
}
