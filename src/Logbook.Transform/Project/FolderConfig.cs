using Logbook.Core.Configuration;
using YamlDotNet.RepresentationModel;

namespace Logbook.Transform.Project;

/// <summary>
/// The <c>models:</c> section of logbook.yml: settings per model folder, dbt_project.yml style. Keys starting with
/// <c>+</c> are settings; other keys name sub-folders (an optional first level may name the project).
/// <code>
/// models:
///   +materialized: view
///   marts:
///     +materialized: table
///     +schema: fct_fivetran_logs
/// </code>
/// </summary>
internal sealed class FolderConfig
{
    private readonly Dictionary<string, object?> _settings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FolderConfig> _folders = new(StringComparer.Ordinal);

    private FolderConfig(string where) => Where = where;

    /// <summary>Where this folder's settings are written, for errors.</summary>
    public string Where { get; }

    public static FolderConfig Empty { get; } = new("logbook.yml");

    public static FolderConfig Read(YamlFile file, YamlNode node)
    {
        var config = new FolderConfig(file.At(node).ToString());
        foreach (var (key, keyNode, value) in file.Entries(file.Mapping(node, "'models'")))
        {
            if (key.StartsWith('+'))
            {
                config._settings[key[1..]] = YamlFile.ToValue(value);
            }
            else if (value is YamlMappingNode)
            {
                config._folders[key] = Read(file, value);
            }
            else if (ModelConfig.Keys.Contains(key, StringComparer.Ordinal))
            {
                config._settings[key] = YamlFile.ToValue(value);
            }
            else
            {
                throw new ProjectException($"{file.At(keyNode)}: '{key}' is neither a model setting (write '+{key}') nor a folder with settings");
            }
        }

        return config;
    }

    /// <summary>The settings that apply to a model at <paramref name="path"/> (relative to its model path), outermost first.</summary>
    public IEnumerable<(IReadOnlyDictionary<string, object?> Settings, string Where)> For(string path, string projectName)
    {
        var current = this;
        yield return (current._settings, current.Where);
        if (current._folders.TryGetValue(projectName, out var project))
        {
            current = project;
            yield return (current._settings, current.Where);
        }

        foreach (var folder in path.Split('/')[..^1])
        {
            if (!current._folders.TryGetValue(folder, out var next))
            {
                yield break;
            }

            current = next;
            yield return (current._settings, current.Where);
        }
    }
}
