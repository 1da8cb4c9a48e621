using System.Globalization;
using System.Text;

namespace Logbook.Core.Templates;

/// <summary>
/// Parses Logbook's small template language (a strict subset of Jinja, see docs/templates.md): text,
/// <c>{{ expression }}</c>, <c>{% if %}/{% elif %}/{% else %}/{% endif %}</c> and <c>{# comments #}</c>. Expressions
/// are calls with positional and named arguments, names, string/number/boolean/none literals, lists and
/// <c>not</c>. Which functions exist is decided when rendering; the parser only checks the syntax, and every
/// error names the file, line and column.
/// </summary>
public sealed class TemplateParser
{
    private readonly string _text;
    private readonly string _file;
    private readonly List<int> _lineStarts = [0];
    private int _index;

    private TemplateParser(string text, string file)
    {
        _text = text;
        _file = file;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public static IReadOnlyList<TemplateNode> Parse(string text, string file)
    {
        var parser = new TemplateParser(text, file);
        var nodes = parser.ParseBlock(out var terminator);
        if (terminator is not null)
        {
            throw parser.Error(terminator.Value.Position, $"'{{% {terminator.Value.Keyword} %}}' without a matching '{{% if %}}'");
        }

        return nodes;
    }

    /// <summary>Parses until the end of text or a block tag that closes the current block (elif/else/endif).</summary>
    private List<TemplateNode> ParseBlock(out (string Keyword, TemplateExpression? Condition, TemplatePosition Position)? terminator)
    {
        var nodes = new List<TemplateNode>();
        var text = new StringBuilder();
        var textStart = Position(_index);
        terminator = null;
        while (_index < _text.Length)
        {
            if (StartsWith("{{") || StartsWith("{%") || StartsWith("{#"))
            {
                if (text.Length > 0)
                {
                    nodes.Add(new TextNode(text.ToString(), textStart));
                    text.Clear();
                }

                var tagStart = Position(_index);
                if (StartsWith("{#"))
                {
                    var end = _text.IndexOf("#}", _index + 2, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        throw Error(tagStart, "comment '{#' is never closed with '#}'");
                    }

                    _index = end + 2;
                }
                else if (StartsWith("{{"))
                {
                    _index += 2;
                    var expression = ParseExpression();
                    Expect("}}", "'}}' to close '{{'");
                    nodes.Add(new OutputNode(expression, tagStart));
                }
                else
                {
                    _index += 2;
                    SkipSpaces();
                    var keywordAt = Position(_index);
                    var keyword = ReadIdentifier();
                    switch (keyword)
                    {
                        case "if":
                            nodes.Add(ParseIf(tagStart));
                            break;
                        case "elif":
                            var condition = ParseExpression();
                            Expect("%}", "'%}' to close the tag");
                            terminator = (keyword, condition, tagStart);
                            return nodes;
                        case "else" or "endif":
                            Expect("%}", "'%}' to close the tag");
                            terminator = (keyword, null, tagStart);
                            return nodes;
                        default:
                            throw Error(keywordAt, keyword.Length == 0
                                ? "expected a tag name after '{%'"
                                : $"unknown tag '{{% {keyword} %}}' (only if/elif/else/endif are supported)");
                    }
                }

                textStart = Position(_index);
            }
            else
            {
                text.Append(_text[_index++]);
            }
        }

        if (text.Length > 0)
        {
            nodes.Add(new TextNode(text.ToString(), textStart));
        }

        return nodes;
    }

    private IfNode ParseIf(TemplatePosition start)
    {
        var branches = new List<(TemplateExpression, IReadOnlyList<TemplateNode>)>();
        var condition = ParseExpression();
        Expect("%}", "'%}' to close '{% if'");
        while (true)
        {
            var body = ParseBlock(out var terminator);
            if (terminator is null)
            {
                throw Error(start, "'{% if %}' is never closed with '{% endif %}'");
            }

            branches.Add((condition, body));
            switch (terminator.Value.Keyword)
            {
                case "elif":
                    condition = terminator.Value.Condition!;
                    continue;
                case "else":
                    var elseBody = ParseBlock(out var end);
                    if (end is not { Keyword: "endif" })
                    {
                        throw Error(end?.Position ?? start, end is null ? "'{% if %}' is never closed with '{% endif %}'" : $"'{{% {end.Value.Keyword} %}}' after '{{% else %}}'");
                    }

                    return new IfNode(branches, elseBody, start);
                default:
                    return new IfNode(branches, [], start);
            }
        }
    }

    private TemplateExpression ParseExpression()
    {
        var expression = ParsePrimary();
        SkipSpaces();
        if (_index < _text.Length && (_text[_index] == '|' || _text[_index] == '.'))
        {
            throw Error(Position(_index), $"'{_text[_index]}' is not supported: filters and attribute access are outside Logbook's template language");
        }

        return expression;
    }

    private TemplateExpression ParsePrimary()
    {
        SkipSpaces();
        var at = Position(_index);
        if (_index >= _text.Length)
        {
            throw Error(at, "expected an expression, found the end of the file");
        }

        var c = _text[_index];
        if (c is '\'' or '"')
        {
            return new LiteralExpression(ReadString(), at);
        }

        if (char.IsAsciiDigit(c) || (c == '-' && _index + 1 < _text.Length && char.IsAsciiDigit(_text[_index + 1])))
        {
            return new LiteralExpression(ReadNumber(), at);
        }

        if (c == '[')
        {
            _index++;
            var items = ReadSequence(']', allowNamed: false, out _);
            return new ListExpression(items, at);
        }

        var name = ReadIdentifier();
        if (name.Length == 0)
        {
            throw Error(at, $"unexpected '{c}' in an expression");
        }

        switch (name)
        {
            case "true" or "True":
                return new LiteralExpression(true, at);
            case "false" or "False":
                return new LiteralExpression(false, at);
            case "none" or "None":
                return new LiteralExpression(null, at);
            case "not":
                return new NotExpression(ParseExpression(), at);
        }

        SkipSpaces();
        if (_index < _text.Length && _text[_index] == '(')
        {
            _index++;
            var arguments = ReadSequence(')', allowNamed: true, out var named);
            return new CallExpression(name, arguments, named, at);
        }

        return new NameExpression(name, at);
    }

    private List<TemplateExpression> ReadSequence(char close, bool allowNamed, out List<(string, TemplateExpression)> named)
    {
        var items = new List<TemplateExpression>();
        named = [];
        SkipSpaces();
        if (_index < _text.Length && _text[_index] == close)
        {
            _index++;
            return items;
        }

        while (true)
        {
            SkipSpaces();
            var save = _index;
            var at = Position(_index);
            var identifier = ReadIdentifier();
            SkipSpaces();
            if (identifier.Length > 0 && _index < _text.Length && _text[_index] == '=' && !StartsWith("=="))
            {
                if (!allowNamed)
                {
                    throw Error(at, "named values are only allowed in a call's arguments");
                }

                _index++;
                named.Add((identifier, ParseExpression()));
            }
            else
            {
                _index = save;
                if (named.Count > 0)
                {
                    throw Error(at, "a positional argument cannot follow a named one");
                }

                items.Add(ParseExpression());
            }

            SkipSpaces();
            if (_index >= _text.Length)
            {
                throw Error(Position(_index), $"expected ',' or '{close}', found the end of the file");
            }

            if (_text[_index] == ',')
            {
                _index++;
                continue;
            }

            if (_text[_index] == close)
            {
                _index++;
                return items;
            }

            throw Error(Position(_index), $"expected ',' or '{close}', found '{_text[_index]}'");
        }
    }

    private string ReadString()
    {
        var at = Position(_index);
        var quote = _text[_index++];
        var value = new StringBuilder();
        while (_index < _text.Length && _text[_index] != quote)
        {
            if (_text[_index] == '\\' && _index + 1 < _text.Length)
            {
                _index++;
                value.Append(_text[_index] switch { 'n' => '\n', 't' => '\t', var other => other });
            }
            else if (_text[_index] == '\n')
            {
                throw Error(at, "string literal is not closed on its line");
            }
            else
            {
                value.Append(_text[_index]);
            }

            _index++;
        }

        if (_index >= _text.Length)
        {
            throw Error(at, "string literal is never closed");
        }

        _index++;
        return value.ToString();
    }

    private decimal ReadNumber()
    {
        var start = _index;
        if (_text[_index] == '-')
        {
            _index++;
        }

        while (_index < _text.Length && (char.IsAsciiDigit(_text[_index]) || _text[_index] == '.'))
        {
            _index++;
        }

        var text = _text[start.._index];
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw Error(Position(start), $"'{text}' is not a number");
    }

    private string ReadIdentifier()
    {
        var start = _index;
        while (_index < _text.Length && (char.IsAsciiLetterOrDigit(_text[_index]) || _text[_index] == '_') && (_index > start || !char.IsAsciiDigit(_text[_index])))
        {
            _index++;
        }

        return _text[start.._index];
    }

    private void Expect(string token, string what)
    {
        SkipSpaces();
        if (!StartsWith(token))
        {
            var found = _index < _text.Length ? $"'{_text[_index]}'" : "the end of the file";
            throw Error(Position(_index), $"expected {what}, found {found}");
        }

        _index += token.Length;
    }

    private void SkipSpaces()
    {
        while (_index < _text.Length && char.IsWhiteSpace(_text[_index]))
        {
            _index++;
        }
    }

    private bool StartsWith(string token) => string.CompareOrdinal(_text, _index, token, 0, token.Length) == 0;

    private TemplatePosition Position(int index)
    {
        var line = _lineStarts.BinarySearch(index);
        line = line >= 0 ? line : ~line - 1;
        return new TemplatePosition(line + 1, index - _lineStarts[line] + 1);
    }

    private TemplateSyntaxException Error(TemplatePosition position, string problem) => new(_file, position, problem);
}
