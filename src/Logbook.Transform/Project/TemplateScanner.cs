using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>
/// Reads a template without rendering it: every <c>ref()</c> and <c>source()</c> in every branch (so a ref inside
/// <c>{% if is_incremental() %}</c> is still a dependency), and every call checked against the function set, so
/// an unknown function is an error even in a branch that is not taken today.
/// </summary>
internal static class TemplateScanner
{
    public sealed record Reference(string Function, IReadOnlyList<string> Arguments, TemplatePosition Position);

    public static IReadOnlyList<Reference> Scan(IReadOnlyList<TemplateNode> nodes, string file)
    {
        var found = new List<Reference>();
        Walk(nodes, file, found);
        return found;
    }

    private static void Walk(IReadOnlyList<TemplateNode> nodes, string file, List<Reference> found)
    {
        foreach (var node in nodes)
        {
            switch (node)
            {
                case OutputNode output:
                    Visit(output.Expression, file, found);
                    break;
                case IfNode block:
                    foreach (var (condition, body) in block.Branches)
                    {
                        Visit(condition, file, found);
                        Walk(body, file, found);
                    }

                    Walk(block.Else, file, found);
                    break;
            }
        }
    }

    private static void Visit(TemplateExpression expression, string file, List<Reference> found)
    {
        switch (expression)
        {
            case CallExpression call:
                if (!TemplateRenderer.Functions.Contains(call.Function))
                {
                    throw new TemplateSyntaxException(file, call.Position, $"unknown function '{call.Function}()'; see docs/templates.md for the functions Logbook provides");
                }

                if (call.Function is "ref" or "source" or "filled_source")
                {
                    var arguments = call.Arguments.Select(a => a is LiteralExpression { Value: string text } ? text : null).ToList();
                    var expected = call.Function == "ref" ? 1 : 2;
                    if (arguments.Count != expected || arguments.Any(a => a is null) || call.NamedArguments.Count > 0)
                    {
                        throw new TemplateSyntaxException(file, call.Position, call.Function == "ref"
                            ? "ref() takes one quoted model name, for example ref('stg_orders')"
                            : $"{call.Function}() takes a quoted source and table name, for example {call.Function}('fivetran_log', 'log')");
                    }

                    // filled_source() depends on its source exactly as source() does.
                    found.Add(new Reference(call.Function == "ref" ? "ref" : "source", arguments!, call.Position));
                }

                foreach (var argument in call.Arguments)
                {
                    Visit(argument, file, found);
                }

                foreach (var (_, value) in call.NamedArguments)
                {
                    Visit(value, file, found);
                }

                break;
            case ListExpression list:
                foreach (var item in list.Items)
                {
                    Visit(item, file, found);
                }

                break;
            case NotExpression not:
                Visit(not.Operand, file, found);
                break;
        }
    }
}
