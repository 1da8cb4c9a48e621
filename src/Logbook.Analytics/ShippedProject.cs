namespace Logbook.Analytics;

/// <summary>A model project shipped inside Logbook (the folder <c>projects/&lt;name&gt;</c> of the repository).</summary>
public sealed class ShippedProject
{
    private const string Prefix = "projects/";

    private ShippedProject(string name, IReadOnlyList<string> files)
    {
        Name = name;
        Files = files;
    }

    /// <summary>The Fivetran platform log analytics project.</summary>
    public static ShippedProject FivetranLog { get; } = Load("fivetran_log");

    public string Name { get; }

    /// <summary>The project's files, relative to its folder, with '/' separators.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>
    /// Writes the project into <paramref name="directory"/>, replacing the shipped files (so a re-run restores them)
    /// and leaving every other file there alone (the warehouse, target/, the user's own additions). Each file is
    /// written to a temporary name and renamed, so an interrupted write never leaves a half-written model.
    /// </summary>
    public void WriteTo(string directory)
    {
        foreach (var file in Files)
        {
            var target = Path.Combine(directory, file.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var temporary = target + ".logbook-tmp";
            using (var source = Open(file))
            using (var output = File.Create(temporary))
            {
                source.CopyTo(output);
            }

            File.Move(temporary, target, overwrite: true);
        }
    }

    /// <summary>The text of one of the project's files.</summary>
    public string ReadText(string file)
    {
        using var reader = new StreamReader(Open(file));
        return reader.ReadToEnd();
    }

    private Stream Open(string file) =>
        typeof(ShippedProject).Assembly.GetManifestResourceStream($"{Prefix}{Name}/{file}")
        ?? throw new FileNotFoundException($"{file} is not part of the shipped project {Name}");

    private static ShippedProject Load(string name)
    {
        var prefix = $"{Prefix}{name}/";
        var files = typeof(ShippedProject).Assembly.GetManifestResourceNames()
            .Where(resource => resource.StartsWith(prefix, StringComparison.Ordinal))
            .Select(resource => resource[prefix.Length..].Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
        return files.Count > 0 ? new ShippedProject(name, files) : throw new InvalidOperationException($"no shipped project named {name} in {typeof(ShippedProject).Assembly.GetName().Name}");
    }
}
