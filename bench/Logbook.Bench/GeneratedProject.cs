using System.Globalization;
using System.Text;

namespace Logbook.Bench;

/// <summary>
/// A model project written for the engine benchmark: <c>logbook.yml</c> (tables by default), a few seed tables of
/// 100 rows (<c>from range(100)</c>), then models that form chains (a model refs the one before it), fans (several
/// models ref one hub) and joins of two or three parents, about a fifth of them views; and a YAML file with
/// <c>not_null</c> and <c>unique</c> tests on every 20th model. Every model has the columns id (unique, 0-99), grp
/// and value, so every join and test holds, and the build succeeds.
/// </summary>
internal sealed record GeneratedProject(int Models, int Seeds, int Tables, int Views, int Chains, int Fans, int Joins, int Tests, int Edges)
{
    public const string Name = "bench_engine";

    private const int SeedCount = 5;
    private const int HubEvery = 25;
    private const int TestEvery = 20;

    public static string ModelName(int i) => string.Create(CultureInfo.InvariantCulture, $"m_{i:000}");

    public static GeneratedProject Write(string directory, int models)
    {
        Directory.CreateDirectory(Path.Combine(directory, "models", "seeds"));
        File.WriteAllText(Path.Combine(directory, "logbook.yml"), $"""
            name: {Name}
            models:
              +materialized: table

            """);

        var seeds = Math.Min(SeedCount, models);
        int views = 0, chains = 0, fans = 0, joins = 0, edges = 0;
        for (var i = 0; i < models; i++)
        {
            string sql;
            if (i < seeds)
            {
                sql = string.Create(CultureInfo.InvariantCulture, $"select range as id, range % 10 as grp, range * {i + 1} as value from range(100)\n");
                File.WriteAllText(Path.Combine(directory, "models", "seeds", ModelName(i) + ".sql"), sql);
                continue;
            }

            var parents = Parents(i, seeds);
            edges += parents.Count;
            switch (parents.Count)
            {
                case 1 when parents[0] == i - 1:
                    chains++;
                    sql = string.Create(CultureInfo.InvariantCulture, $"select id, grp, value + {i} as value from {{{{ ref('{ModelName(parents[0])}') }}}}\n");
                    break;
                case 1:
                    fans++;
                    sql = string.Create(CultureInfo.InvariantCulture, $"select id, (grp + {i}) % 10 as grp, value * {(i % 7) + 2} as value from {{{{ ref('{ModelName(parents[0])}') }}}}\n");
                    break;
                default:
                    joins++;
                    sql = Join(parents);
                    break;
            }

            // About a fifth are views (never two in a row, so a chain never stacks many views).
            if (i % 5 == 2)
            {
                views++;
                sql = "{{ config(materialized='view') }}\n" + sql;
            }

            File.WriteAllText(Path.Combine(directory, "models", ModelName(i) + ".sql"), sql);
        }

        var yaml = new StringBuilder("version: 2\nmodels:\n");
        var tested = 0;
        for (var i = 0; i < models; i += TestEvery)
        {
            yaml.Append(CultureInfo.InvariantCulture, $"  - name: {ModelName(i)}\n    columns:\n      - name: id\n        tests: [not_null, unique]\n");
            tested++;
        }

        File.WriteAllText(Path.Combine(directory, "models", "schema.yml"), yaml.ToString());
        return new GeneratedProject(models, seeds, models - views, views, chains, fans, joins, tested * 2, edges);
    }

    /// <summary>
    /// Model i's parents (i ≥ seeds), by i % 10: 3-5 fan out from the hub (the last multiple of 25 before i, or the
    /// first seed); 8 joins i-1 and i-6; 9 joins i-1, i-4 and a seed; the rest chain on i-1.
    /// </summary>
    private static List<int> Parents(int i, int seeds)
    {
        var hub = (i - 1) / HubEvery * HubEvery;
        var wanted = (i % 10) switch
        {
            3 or 4 or 5 => [hub >= seeds ? hub : 0],
            8 => [i - 1, i - 6],
            9 => [i - 1, i - 4, i % seeds],
            _ => new[] { i - 1 },
        };
        return [.. wanted.Select(p => Math.Max(0, p)).Distinct()];
    }

    private static string Join(List<int> parents)
    {
        var sql = new StringBuilder("select p0.id, p0.grp, p0.value");
        for (var p = 1; p < parents.Count; p++)
        {
            sql.Append(CultureInfo.InvariantCulture, $" + p{p}.value");
        }

        sql.Append(CultureInfo.InvariantCulture, $" as value\nfrom {{{{ ref('{ModelName(parents[0])}') }}}} as p0\n");
        for (var p = 1; p < parents.Count; p++)
        {
            sql.Append(CultureInfo.InvariantCulture, $"join {{{{ ref('{ModelName(parents[p])}') }}}} as p{p} on p{p}.id = p0.id\n");
        }

        return sql.ToString();
    }
}
