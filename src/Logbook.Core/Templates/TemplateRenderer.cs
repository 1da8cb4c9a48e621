using System.Globalization;
using System.Text;

namespace Logbook.Core.Templates;

/// <summary>
/// Renders a parsed template to SQL against an <see cref="ITemplateContext"/>. The function set is fixed (see
/// docs/templates.md); any other function or name is an error naming the file, line and column.
/// Helper arguments are SQL snippets given as strings, as in dbt's cross-database macros:
/// <c>{{ datediff('started_at', 'ended_at', 'second') }}</c>.
/// </summary>
public sealed class TemplateRenderer(string file, ITemplateContext context)
{
    /// <summary>Every function a template may call.</summary>
    public static IReadOnlySet<string> Functions { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "ref", "source", "filled_source", "var", "env_var", "is_incremental", "config", "log_step_event",
        "date_trunc", "datediff", "dateadd", "json_extract", "safe_cast", "current_timestamp_utc", "surrogate_key",
    };

    public static string Render(IReadOnlyList<TemplateNode> nodes, string file, ITemplateContext context)
    {
        var output = new StringBuilder();
        new TemplateRenderer(file, context).RenderNodes(nodes, output);
        return output.ToString();
    }

    private void RenderNodes(IReadOnlyList<TemplateNode> nodes, StringBuilder output)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case TextNode text:
                    output.Append(text.Text);
                    break;
                case OutputNode expression:
                    output.Append(Format(Evaluate(expression.Expression), expression.Expression.Position));
                    break;
                case IfNode block:
                    var taken = block.Branches.FirstOrDefault(b => IsTrue(Evaluate(b.Condition)));
                    RenderNodes(taken.Body ?? block.Else, output);
                    break;
            }
        }
    }

    private object? Evaluate(TemplateExpression expression) => expression switch
    {
        LiteralExpression literal => literal.Value,
        ListExpression list => list.Items.Select(Evaluate).ToList(),
        NotExpression not => !IsTrue(Evaluate(not.Operand)),
        NameExpression { Name: "this" } => context.This,
        NameExpression name => throw Error(name.Position, $"unknown name '{name.Name}' (only 'this' is defined)"),
        CallExpression call => CallAt(call),
        _ => throw Error(expression.Position, "unsupported expression"),
    };

    private object? CallAt(CallExpression call)
    {
        try
        {
            return Call(call);
        }
        catch (TemplateContextException e)
        {
            throw Error(call.Position, e.Message);
        }
    }

    private object? Call(CallExpression call)
    {
        var args = call.Arguments.Select(Evaluate).ToList();
        var named = call.NamedArguments.ToDictionary(a => a.Name, a => Evaluate(a.Value), StringComparer.Ordinal);
        var dialect = context.Dialect;
        switch (call.Function)
        {
            case "ref":
                Arity(call, args, 1, 1, named);
                return context.Ref(Text(call, args[0]));
            case "source":
                Arity(call, args, 2, 2, named);
                return context.Source(Text(call, args[0]), Text(call, args[1]));
            case "filled_source":
                Arity(call, args, 2, 2, named);
                return context.FilledSource(Text(call, args[0]), Text(call, args[1]));
            case "var":
                Arity(call, args, 1, 2, named);
                return context.Var(Text(call, args[0]), args.ElementAtOrDefault(1), args.Count == 2);
            case "env_var":
                Arity(call, args, 1, 2, named);
                return context.EnvVar(Text(call, args[0]), args.Count == 2 ? Text(call, args[1]) : null);
            case "is_incremental":
                Arity(call, args, 0, 0, named);
                return context.IsIncremental;
            case "config":
                if (args.Count > 0)
                {
                    throw Error(call.Position, "config() takes only named arguments, for example config(materialized='table')");
                }

                context.Config(named);
                return string.Empty;
            case "log_step_event":
                var step = args.Count > 0 ? args[0] : named.GetValueOrDefault("step_name");
                context.LogStepEvent(
                    Text(call, step),
                    named.GetValueOrDefault("message") is { } message ? Text(call, message) : null,
                    named.GetValueOrDefault("status") is { } status ? Text(call, status) : "info",
                    named.GetValueOrDefault("step_sequence_num") is decimal sequence ? (int)sequence : null);
                return string.Empty;
            case "date_trunc":
                Arity(call, args, 2, 2, named);
                return Helper(call, () => dialect.DateTrunc(Text(call, args[0]), Text(call, args[1])));
            case "datediff":
                Arity(call, args, 3, 3, named);
                return Helper(call, () => dialect.DateDiff(Text(call, args[2]), Text(call, args[0]), Text(call, args[1])));
            case "dateadd":
                Arity(call, args, 3, 3, named);
                return Helper(call, () => dialect.DateAdd(Text(call, args[0]), Format(args[1], call.Position), Text(call, args[2])));
            case "json_extract":
                Arity(call, args, 2, 2, named);
                return dialect.JsonExtractText(Text(call, args[0]), "'" + Text(call, args[1]).Replace("'", "''", StringComparison.Ordinal) + "'");
            case "safe_cast":
                Arity(call, args, 2, 2, named);
                return Helper(call, () => dialect.SafeCast(Text(call, args[0]), Text(call, args[1])));
            case "current_timestamp_utc":
                Arity(call, args, 0, 0, named);
                return dialect.CurrentTimestampUtc();
            case "surrogate_key":
                Arity(call, args, 1, 1, named);
                return args[0] is List<object?> fields && fields.Count > 0
                    ? dialect.SurrogateKey([.. fields.Select(f => Text(call, f))])
                    : throw Error(call.Position, "surrogate_key() takes a non-empty list of column expressions, for example surrogate_key(['id', 'time_stamp'])");
            default:
                throw Error(call.Position, $"unknown function '{call.Function}()'; see docs/templates.md for the functions Logbook provides");
        }
    }

    private string Helper(CallExpression call, Func<string> build)
    {
        try
        {
            return build();
        }
        catch (ArgumentException e)
        {
            throw Error(call.Position, $"{call.Function}(): {e.Message}");
        }
    }

    private void Arity(CallExpression call, List<object?> args, int min, int max, Dictionary<string, object?> named)
    {
        if (named.Count > 0)
        {
            throw Error(call.Position, $"{call.Function}() takes no named arguments");
        }

        if (args.Count < min || args.Count > max)
        {
            var expected = min == max ? min.ToString(CultureInfo.InvariantCulture) : $"{min} to {max}";
            throw Error(call.Position, $"{call.Function}() takes {expected} argument(s), got {args.Count}");
        }
    }

    private string Text(CallExpression call, object? value) =>
        value is string text ? text : throw Error(call.Position, $"{call.Function}() expects text here, got {Describe(value)}");

    private string Format(object? value, TemplatePosition position) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        decimal number => number.ToString(CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => throw Error(position, $"a {Describe(value)} cannot be written into SQL"),
    };

    private static bool IsTrue(object? value) => value switch
    {
        null => false,
        bool flag => flag,
        string text => text.Length > 0,
        decimal number => number != 0,
        System.Collections.ICollection items => items.Count > 0,
        _ => true,
    };

    private static string Describe(object? value) => value switch
    {
        null => "none",
        string => "text",
        bool => "a boolean",
        decimal => "a number",
        System.Collections.IList => "list",
        _ => value.GetType().Name,
    };

    private TemplateSyntaxException Error(TemplatePosition position, string problem) => new(file, position, problem);
}
