using System.Text;
using Logbook.Core.Templates;
using Logbook.Transform.Project;
using Logbook.Transform.Testing;

namespace Logbook.Transform.Compilation;

/// <summary>
/// Renders models and tests to the SQL that runs, inlining ephemeral models as CTEs (dbt's way).
/// <paramref name="sourceColumns"/> answers <c>filled_source()</c> from the warehouse (see <see cref="Execution.RelationCache"/>).
/// </summary>
public sealed class NodeCompiler(Manifest manifest, ISqlDialect dialect, Func<string, string, IReadOnlyList<string>?>? sourceColumns = null)
{
    /// <summary>Compiles a model; <paramref name="isIncremental"/> is what <c>is_incremental()</c> returns.</summary>
    public CompiledNode Compile(ModelNode model, bool isIncremental)
    {
        var context = new CompileContext(manifest, model, dialect, isIncremental, sourceColumns);
        var sql = Clean(TemplateRenderer.Render(model.Template, model.OriginalFilePath, context));
        return new CompiledNode(InlineEphemerals(sql, context.Ephemerals), context.Events);
    }

    /// <summary>Renders a hook (pre_hook/post_hook) of a model.</summary>
    public string CompileHook(ModelNode model, string hook, bool isIncremental)
    {
        var context = new CompileContext(manifest, model, dialect, isIncremental, sourceColumns);
        return TemplateRenderer.Render(TemplateParser.Parse(hook, model.OriginalFilePath + " (hook)"), model.OriginalFilePath + " (hook)", context);
    }

    /// <summary>The query returning a test's failing rows.</summary>
    public CompiledNode Compile(TestNode test)
    {
        if (test.Template is null)
        {
            return new CompiledNode(GenericTestSql.Build(test, manifest), []);
        }

        var context = new CompileContext(manifest, model: null, dialect, isIncremental: false, sourceColumns);
        var sql = Clean(TemplateRenderer.Render(test.Template, test.OriginalFilePath, context));
        return new CompiledNode(InlineEphemerals(sql, context.Ephemerals), context.Events);
    }

    private string InlineEphemerals(string sql, List<ModelNode> direct)
    {
        if (direct.Count == 0)
        {
            return sql;
        }

        // Each ephemeral model's own ephemerals come first, so every CTE is defined before it is used.
        var ordered = new List<(ModelNode Model, string Sql)>();
        void Add(ModelNode model, HashSet<string> visiting)
        {
            if (ordered.Any(o => o.Model == model) || !visiting.Add(model.Name))
            {
                return;
            }

            var context = new CompileContext(manifest, model, dialect, isIncremental: false, sourceColumns);
            var body = Clean(TemplateRenderer.Render(model.Template, model.OriginalFilePath, context));
            foreach (var inner in context.Ephemerals)
            {
                Add(inner, visiting);
            }

            ordered.Add((model, body));
        }

        foreach (var model in direct)
        {
            Add(model, new HashSet<string>(StringComparer.Ordinal));
        }

        var ctes = string.Join(",\n", ordered.Select(o => $"{CompileContext.CteName(o.Model)} as (\n{o.Sql}\n)"));
        var start = FirstToken(sql);
        if (StartsWithWord(sql, start, "with"))
        {
            var after = start + 4;
            var next = FirstToken(sql, after);
            if (StartsWithWord(sql, next, "recursive"))
            {
                after = next + "recursive".Length;
            }

            return $"{sql[..after]} {ctes},\n{sql[after..].TrimStart()}";
        }

        return $"with {ctes}\n{sql}";
    }

    /// <summary>Trailing whitespace and semicolons removed: the SQL is wrapped in other statements.</summary>
    private static string Clean(string sql) => sql.TrimEnd().TrimEnd(';').TrimEnd();

    /// <summary>The index of the first character that is not whitespace or inside a SQL comment.</summary>
    private static int FirstToken(string sql, int from = 0)
    {
        var i = from;
        while (i < sql.Length)
        {
            if (char.IsWhiteSpace(sql[i]))
            {
                i++;
            }
            else if (sql.AsSpan(i).StartsWith("--"))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end + 1;
            }
            else if (sql.AsSpan(i).StartsWith("/*"))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
            }
            else
            {
                break;
            }
        }

        return i;
    }

    private static bool StartsWithWord(string sql, int at, string word) =>
        at + word.Length <= sql.Length
        && sql.AsSpan(at, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase)
        && (at + word.Length == sql.Length || !(char.IsLetterOrDigit(sql[at + word.Length]) || sql[at + word.Length] == '_'));
}
