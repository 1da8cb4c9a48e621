using Logbook.Core.Warehouses;
using YamlDotNet.RepresentationModel;

namespace Logbook.Core.Configuration;

/// <summary>
/// Reads <c>profiles.yml</c>: <c>profile: { target: dev, outputs: { dev: { type: duckdb, path: ... } } }</c>.
/// Only the selected profile and target are validated, so one broken profile does not block the others.
/// </summary>
internal static class ProfilesFileReader
{
    /// <summary>The profile's mapping node, or null when the file has no such profile.</summary>
    public static YamlNode? FindProfile(YamlFile file, string profileName)
    {
        foreach (var (key, _, value) in file.Entries(file.Root))
        {
            if (string.Equals(key, profileName, StringComparison.Ordinal))
            {
                return value;
            }
        }

        return null;
    }

    public static WarehouseTarget ReadTarget(YamlFile file, string profileName, YamlNode profileNode, string? targetName)
    {
        var profile = file.Mapping(profileNode, $"profile '{profileName}'");
        YamlNode? targetNode = null;
        YamlMappingNode? outputs = null;
        foreach (var (key, keyNode, value) in file.Entries(profile))
        {
            switch (key)
            {
                case "target":
                    targetNode = value;
                    break;
                case "outputs":
                    outputs = file.Mapping(value, $"'outputs' of profile '{profileName}'");
                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{key}' in profile '{profileName}' (expected 'target' and 'outputs')");
            }
        }

        if (outputs is null || outputs.Children.Count == 0)
        {
            throw file.Error(profileNode, $"profile '{profileName}' has no 'outputs' (for example: outputs: {{ dev: {{ type: duckdb, path: dev.duckdb }} }})");
        }

        var names = file.Entries(outputs).Select(entry => entry.Key).ToList();
        var blame = profileNode;
        if (targetName is null)
        {
            if (targetNode is not null)
            {
                targetName = file.RequiredScalar(targetNode, $"'target' of profile '{profileName}'");
                blame = targetNode;
            }
            else if (names.Count == 1)
            {
                targetName = names[0];
            }
            else
            {
                throw file.Error(profileNode, $"profile '{profileName}' has no 'target' naming its default output (one of: {string.Join(", ", names)})");
            }
        }

        foreach (var (name, _, value) in file.Entries(outputs))
        {
            if (string.Equals(name, targetName, StringComparison.Ordinal))
            {
                return ReadOutput(file, name, value);
            }
        }

        throw file.Error(blame, $"profile '{profileName}' has no output '{targetName}' (available: {string.Join(", ", names)})");
    }

    private static WarehouseTarget ReadOutput(YamlFile file, string name, YamlNode node)
    {
        var output = file.Mapping(node, $"output '{name}'");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        var sources = new Dictionary<string, SourceLocation>(StringComparer.Ordinal);
        WarehouseKind? kind = null;
        foreach (var (key, _, value) in file.Entries(output))
        {
            if (key == "type")
            {
                var type = file.RequiredScalar(value, $"'type' of output '{name}'");
                kind = WarehouseKinds.TryParse(type, out var parsed)
                    ? parsed
                    : throw file.Error(value, $"unknown warehouse type '{type}' in output '{name}' (known types: {string.Join(", ", WarehouseKinds.Names)})");
                sources[key] = file.At(value);
                continue;
            }

            var text = file.Scalar(value, $"'{key}' of output '{name}'");
            if (text is not null)
            {
                settings[key] = text;
                sources[key] = file.At(value);
            }
        }

        if (kind is null)
        {
            throw file.Error(node, $"output '{name}' has no 'type' (known types: {string.Join(", ", WarehouseKinds.Names)})");
        }

        return new WarehouseTarget(name, kind.Value, settings) { Source = file.At(node), SettingSources = sources };
    }
}
