using System.Text;
using System.Text.RegularExpressions;

namespace Logbook.Core.Configuration;

/// <summary>
/// Substitutes <c>{{ env_var('NAME') }}</c> and <c>{{ env_var('NAME', 'default') }}</c> in a configuration file's
/// text before it is parsed (dbt's convention for secrets). Anything else between <c>{{ }}</c> is an error.
/// Lines that are YAML comments (first non-blank character <c>#</c>) are left as they are.
/// </summary>
internal static partial class EnvVarTemplate
{
    private const string Open = "{{";
    private const string Close = "}}";

    /// <summary>Returns <paramref name="text"/> with every expression replaced by its value.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="file">The file's path, for error messages.</param>
    /// <param name="getVariable">Reads an environment variable; null when it is not set.</param>
    /// <exception cref="LogbookConfigurationException">A variable is missing or an expression is not env_var.</exception>
    public static string Render(string text, string file, Func<string, string?> getVariable)
    {
        if (!text.Contains(Open, StringComparison.Ordinal))
        {
            return text;
        }

        var output = new StringBuilder(text.Length);
        var lineNumber = 0;
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            lineNumber++;
            var lineEnd = text.IndexOf('\n', lineStart);
            lineEnd = lineEnd < 0 ? text.Length : lineEnd + 1;
            var line = text[lineStart..lineEnd];
            output.Append(line.TrimStart().StartsWith('#') ? line : RenderLine(line, file, lineNumber, getVariable));
            lineStart = lineEnd;
        }

        return output.ToString();
    }

    private static string RenderLine(string line, string file, int lineNumber, Func<string, string?> getVariable)
    {
        var open = line.IndexOf(Open, StringComparison.Ordinal);
        if (open < 0)
        {
            return line;
        }

        var output = new StringBuilder(line.Length);
        var position = 0;
        while (open >= 0)
        {
            output.Append(line, position, open - position);
            var location = new SourceLocation(file, lineNumber, open + 1);
            var close = line.IndexOf(Close, open + Open.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new LogbookConfigurationException("'{{' is not closed by '}}' on the same line", location);
            }

            var expression = line[(open + Open.Length)..close].Trim();
            output.Append(Evaluate(expression, location, getVariable));
            position = close + Close.Length;
            open = line.IndexOf(Open, position, StringComparison.Ordinal);
        }

        output.Append(line, position, line.Length - position);
        return output.ToString();
    }

    private static string Evaluate(string expression, SourceLocation location, Func<string, string?> getVariable)
    {
        var match = EnvVarCall().Match(expression);
        if (!match.Success)
        {
            throw new LogbookConfigurationException(
                $"unsupported expression '{{{{ {expression} }}}}': only {{{{ env_var('NAME') }}}} and {{{{ env_var('NAME', 'default') }}}} are allowed",
                location);
        }

        var name = match.Groups["name"].Value;
        if (name.Length == 0)
        {
            throw new LogbookConfigurationException("env_var() needs a variable name", location);
        }

        var value = getVariable(name);
        if (value is not null)
        {
            return value;
        }

        if (match.Groups["default"].Success)
        {
            return match.Groups["default"].Value;
        }

        throw new LogbookConfigurationException(
            $"environment variable '{name}' is not set (set it, or give a default: env_var('{name}', '...'))",
            location);
    }

    [GeneratedRegex("""^env_var\s*\(\s*(?<q>['"])(?<name>[^'"]*)\k<q>\s*(?:,\s*(?<q2>['"])(?<default>.*?)\k<q2>\s*)?\)$""", RegexOptions.CultureInvariant)]
    private static partial Regex EnvVarCall();
}
