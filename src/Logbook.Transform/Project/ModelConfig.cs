using System.Globalization;

namespace Logbook.Transform.Project;

/// <summary>
/// A model's resolved configuration. Layers are applied in dbt's order: folder settings from <c>logbook.yml</c>,
/// then the model's YAML <c>config:</c>, then <c>{{ config(...) }}</c> in its SQL. Later layers win, except
/// <c>tags</c>, which accumulate.
/// </summary>
public sealed record ModelConfig
{
    /// <summary>Every key a model's configuration may set.</summary>
    public static readonly IReadOnlyList<string> Keys =
        ["materialized", "tags", "unique_key", "schema", "alias", "pre_hook", "post_hook", "incremental_strategy", "incremental_predicates", "custom_message", "enabled", "full_refresh", "meta", "description"];

    public Materialization Materialized { get; init; } = Materialization.View;

    public IReadOnlyList<string> Tags { get; init; } = [];

    public IReadOnlyList<string> UniqueKey { get; init; } = [];

    /// <summary>The schema to build in (taken as is); null for the target's schema.</summary>
    public string? Schema { get; init; }

    /// <summary>The relation name; null for the model's name.</summary>
    public string? Alias { get; init; }

    public IReadOnlyList<string> PreHooks { get; init; } = [];

    public IReadOnlyList<string> PostHooks { get; init; } = [];

    public IncrementalStrategy Strategy { get; init; } = IncrementalStrategy.DeleteInsert;

    /// <summary>
    /// dbt's <c>incremental_predicates</c>: SQL conditions ANDed to the delete (delete+insert) or the join (merge)
    /// of an incremental run, so that the warehouse compares keys only in the part of the target they name. They
    /// see the target as <c>logbook_target</c> and the new rows as <c>logbook_source</c>. With delete+insert and no
    /// unique_key, the run replaces every target row they select (a range, e.g. the days it recomputes).
    /// </summary>
    public IReadOnlyList<string> IncrementalPredicates { get; init; } = [];

    /// <summary>
    /// An incremental model that would not know which stored rows a run replaces: merge needs a unique_key;
    /// delete+insert a unique_key (rows whose key comes again) or incremental_predicates (the rows they select).
    /// </summary>
    private bool LacksRowsToReplace => Materialized == Materialization.Incremental && UniqueKey.Count == 0
        && (Strategy == IncrementalStrategy.Merge || (Strategy == IncrementalStrategy.DeleteInsert && IncrementalPredicates.Count == 0));

    /// <summary>Goes to the audit log's <c>custom_message</c>.</summary>
    public string? CustomMessage { get; init; }

    public bool Enabled { get; init; } = true;

    /// <summary>False protects an incremental model from <c>--full-refresh</c>.</summary>
    public bool? FullRefresh { get; init; }

    /// <summary>The settings as given (after layering), for manifest.json.</summary>
    public IReadOnlyDictionary<string, object?> Raw { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Merges layers (earliest first); each layer names the place of each layer for errors.</summary>
    public static ModelConfig Resolve(IEnumerable<(IReadOnlyDictionary<string, object?> Settings, string Where)> layers)
    {
        var merged = new Dictionary<string, object?>(StringComparer.Ordinal);
        var tags = new List<string>();
        var places = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (settings, where) in layers)
        {
            foreach (var (key, value) in settings)
            {
                if (!Keys.Contains(key, StringComparer.Ordinal))
                {
                    throw new ProjectException($"{where}: unknown model setting '{key}' (known: {string.Join(", ", Keys)})");
                }

                if (key == "tags")
                {
                    foreach (var tag in StringList(value, key, where))
                    {
                        if (!tags.Contains(tag, StringComparer.Ordinal))
                        {
                            tags.Add(tag);
                        }
                    }
                }
                else
                {
                    merged[key] = value;
                    places[key] = where;
                }
            }
        }

        string At(string key) => places.GetValueOrDefault(key, "config");
        var materialized = Text(merged, "materialized", At("materialized"));
        var uniqueKey = merged.TryGetValue("unique_key", out var keyValue) ? StringList(keyValue, "unique_key", At("unique_key")) : [];
        var strategyText = Text(merged, "incremental_strategy", At("incremental_strategy"));
        var config = new ModelConfig
        {
            Materialized = materialized is null ? Materialization.View : ParseMaterialization(materialized, At("materialized")),
            Tags = tags,
            UniqueKey = uniqueKey,
            Schema = Text(merged, "schema", At("schema")),
            Alias = Text(merged, "alias", At("alias")),
            PreHooks = merged.TryGetValue("pre_hook", out var pre) ? StringList(pre, "pre_hook", At("pre_hook")) : [],
            PostHooks = merged.TryGetValue("post_hook", out var post) ? StringList(post, "post_hook", At("post_hook")) : [],
            Strategy = strategyText is null
                ? (uniqueKey.Count > 0 || merged.ContainsKey("incremental_predicates") ? IncrementalStrategy.DeleteInsert : IncrementalStrategy.Append)
                : ParseStrategy(strategyText, At("incremental_strategy")),
            IncrementalPredicates = merged.TryGetValue("incremental_predicates", out var predicates) ? StringList(predicates, "incremental_predicates", At("incremental_predicates")) : [],
            CustomMessage = Text(merged, "custom_message", At("custom_message")),
            Enabled = Flag(merged, "enabled", At("enabled")) ?? true,
            FullRefresh = Flag(merged, "full_refresh", At("full_refresh")),
            Raw = new Dictionary<string, object?>(merged, StringComparer.Ordinal) { ["tags"] = tags.Cast<object?>().ToList() },
        };
        if (config.LacksRowsToReplace)
        {
            throw new ProjectException($"{At("incremental_strategy")}: incremental_strategy '{strategyText}' needs a unique_key{(config.Strategy == IncrementalStrategy.DeleteInsert ? " or incremental_predicates" : string.Empty)}");
        }

        if (config.IncrementalPredicates.Any(string.IsNullOrWhiteSpace))
        {
            throw new ProjectException($"{At("incremental_predicates")}: an entry of incremental_predicates is empty");
        }

        if (config.IncrementalPredicates.Count > 0 && config.Strategy == IncrementalStrategy.Append && config.Materialized == Materialization.Incremental)
        {
            throw new ProjectException($"{At("incremental_predicates")}: incremental_predicates choose the rows an incremental run replaces; the append strategy replaces none");
        }

        return config;
    }

    private static Materialization ParseMaterialization(string text, string where) => text switch
    {
        "view" => Materialization.View,
        "table" => Materialization.Table,
        "incremental" => Materialization.Incremental,
        "ephemeral" => Materialization.Ephemeral,
        _ => throw new ProjectException($"{where}: materialized '{text}' is not one of view, table, incremental, ephemeral"),
    };

    private static IncrementalStrategy ParseStrategy(string text, string where) => text switch
    {
        "delete+insert" => IncrementalStrategy.DeleteInsert,
        "merge" => IncrementalStrategy.Merge,
        "append" => IncrementalStrategy.Append,
        _ => throw new ProjectException($"{where}: incremental_strategy '{text}' is not one of delete+insert, merge, append"),
    };

    private static string? Text(Dictionary<string, object?> settings, string key, string where) =>
        settings.TryGetValue(key, out var value) ? value switch
        {
            null => null,
            string text => text,
            _ => throw new ProjectException($"{where}: '{key}' must be text"),
        } : null;

    private static bool? Flag(Dictionary<string, object?> settings, string key, string where) =>
        settings.TryGetValue(key, out var value) ? value switch
        {
            null => null,
            bool flag => flag,
            _ => throw new ProjectException($"{where}: '{key}' must be true or false"),
        } : null;

    /// <summary>A text or a list of texts (numbers are written invariantly).</summary>
    internal static IReadOnlyList<string> StringList(object? value, string key, string where) => value switch
    {
        null => [],
        string text => [text],
        System.Collections.IEnumerable items => [.. items.Cast<object?>().Select(item => item switch
        {
            string text => text,
            IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
            _ => throw new ProjectException($"{where}: each entry of '{key}' must be text"),
        })],
        _ => throw new ProjectException($"{where}: '{key}' must be text or a list of texts"),
    };
}
