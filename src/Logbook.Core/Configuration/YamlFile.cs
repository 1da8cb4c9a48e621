using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Logbook.Core.Configuration;

/// <summary>
/// One configuration file: read, env_var-substituted, parsed into YamlDotNet's node tree, with helpers that turn
/// every problem into a <see cref="LogbookConfigurationException"/> pointing at the offending node.
/// </summary>
public sealed partial class YamlFile
{
    private YamlFile(string path, YamlMappingNode root)
    {
        Path = path;
        Root = root;
    }

    public string Path { get; }

    /// <summary>The top-level mapping (empty for an empty file).</summary>
    public YamlMappingNode Root { get; }

    public static YamlFile Load(string path, Func<string, string?> getVariable)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogbookConfigurationException($"cannot read {path}: {e.Message}", location: null, e);
        }

        return Parse(text, path, getVariable);
    }

    public static YamlFile Parse(string text, string path, Func<string, string?> getVariable)
    {
        text = EnvVarTemplate.Render(text, path, getVariable);
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(text));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            throw new LogbookConfigurationException(
                $"invalid YAML: {Describe(e)}",
                new SourceLocation(path, ToInt(e.Start.Line), ToInt(e.Start.Column)),
                e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner fails this way on some malformed input (an unclosed [ or {); blame where it stopped.
            throw new LogbookConfigurationException(
                "invalid YAML: unexpected content (is a '[', '{' or quote left unclosed?)",
                new SourceLocation(path, ToInt(scanner.CurrentPosition.Line), ToInt(scanner.CurrentPosition.Column)),
                e);
        }

        if (stream.Documents.Count == 0)
        {
            return new YamlFile(path, new YamlMappingNode());
        }

        if (stream.Documents.Count > 1)
        {
            throw new LogbookConfigurationException("only one YAML document is allowed (remove the second '---')", Locate(path, stream.Documents[1].RootNode));
        }

        return stream.Documents[0].RootNode switch
        {
            YamlMappingNode mapping => new YamlFile(path, mapping),
            YamlScalarNode scalar when IsNull(scalar) => new YamlFile(path, new YamlMappingNode()),
            var other => throw new LogbookConfigurationException("expected 'key: value' entries at the top level", Locate(path, other)),
        };
    }

    public SourceLocation At(YamlNode node) => Locate(Path, node);

    public LogbookConfigurationException Error(YamlNode node, string problem) => new(problem, At(node));

    /// <summary>The entries of a mapping, keyed by their (scalar) key text.</summary>
    public IEnumerable<(string Key, YamlNode KeyNode, YamlNode Value)> Entries(YamlMappingNode mapping)
    {
        foreach (var (key, value) in mapping.Children)
        {
            if (key is not YamlScalarNode scalar || scalar.Value is null)
            {
                throw Error(key, "keys must be plain names");
            }

            yield return (scalar.Value, key, value);
        }
    }

    /// <summary>A scalar's text; null for a YAML null. Lists and mappings are an error.</summary>
    public string? Scalar(YamlNode node, string what)
    {
        if (node is not YamlScalarNode scalar)
        {
            throw Error(node, $"{what} must be a single value, not a {Describe(node)}");
        }

        return IsNull(scalar) ? null : scalar.Value;
    }

    /// <summary>A required, non-empty scalar's text.</summary>
    public string RequiredScalar(YamlNode node, string what)
    {
        var text = Scalar(node, what);
        return string.IsNullOrWhiteSpace(text) ? throw Error(node, $"{what} must not be empty") : text;
    }

    public YamlMappingNode Mapping(YamlNode node, string what) =>
        node switch
        {
            YamlMappingNode mapping => mapping,
            YamlScalarNode scalar when IsNull(scalar) => new YamlMappingNode(),
            _ => throw Error(node, $"{what} must be a mapping of 'key: value' entries, not a {Describe(node)}"),
        };

    public IReadOnlyList<string> StringList(YamlNode node, string what)
    {
        if (node is not YamlSequenceNode sequence)
        {
            throw Error(node, $"{what} must be a list, for example [{what.Trim('\'')}]");
        }

        var items = new List<string>(sequence.Children.Count);
        foreach (var item in sequence.Children)
        {
            items.Add(RequiredScalar(item, $"each entry of {what}"));
        }

        return items;
    }

    /// <summary>Converts a node to plain values: mappings to dictionaries, lists to lists, scalars typed by the YAML core schema.</summary>
    public static object? ToValue(YamlNode node) => node switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(
            entry => ((YamlScalarNode)entry.Key).Value ?? string.Empty,
            entry => ToValue(entry.Value),
            StringComparer.Ordinal),
        YamlSequenceNode sequence => sequence.Children.Select(ToValue).ToList(),
        YamlScalarNode scalar => ScalarValue(scalar),
        _ => null,
    };

    private static object? ScalarValue(YamlScalarNode scalar)
    {
        if (IsNull(scalar))
        {
            return null;
        }

        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return text;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return true;
        }

        if (text is "false" or "False" or "FALSE")
        {
            return false;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return integer;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number : text;
    }

    public static bool IsNull(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && scalar.Value is null or "" or "~" or "null" or "Null" or "NULL";

    private static SourceLocation Locate(string path, YamlNode node) => new(path, ToInt(node.Start.Line), ToInt(node.Start.Column));

    private static int ToInt(long value) => (int)Math.Clamp(value, 0, int.MaxValue);

    private static string Describe(YamlNode node) => node switch
    {
        YamlMappingNode => "mapping",
        YamlSequenceNode => "list",
        _ => "value",
    };

    /// <summary>YamlDotNet's message without its "(Line: 1, Col: 2, Idx: 3) - (...): " prefix.</summary>
    private static string Describe(YamlException e)
    {
        var message = MarkPrefix().Replace(e.Message, string.Empty).Trim();
        if (e.InnerException is YamlException inner && message.Length == 0)
        {
            message = MarkPrefix().Replace(inner.Message, string.Empty).Trim();
        }

        return message.Length == 0 ? "the file could not be parsed" : message.TrimEnd('.');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();
}
