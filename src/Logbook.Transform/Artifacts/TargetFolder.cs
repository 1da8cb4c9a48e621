using System.Text;

namespace Logbook.Transform.Artifacts;

/// <summary>The artifacts folder (<c>target/</c>): compiled SQL per node, manifest.json, run_results.json.</summary>
public sealed class TargetFolder(string projectDirectory, string targetPath, string projectName)
{
    public string Root { get; } = Path.GetFullPath(targetPath, projectDirectory);

    public string ManifestPath => Path.Combine(Root, "manifest.json");

    public string RunResultsPath => Path.Combine(Root, "run_results.json");

    public string CatalogPath => Path.Combine(Root, "catalog.json");

    public string DocsPath => Path.Combine(Root, "index.html");

    /// <summary>Where a node's compiled SQL goes: <c>target/compiled/&lt;project&gt;/&lt;file&gt;</c> (a generic test gets a file under its YAML file's name).</summary>
    public string CompiledPath(string originalFilePath, string? testName = null)
    {
        var relative = testName is null ? originalFilePath : $"{originalFilePath}/{testName}.sql";
        return Path.Combine(Root, "compiled", projectName, relative);
    }

    /// <summary>The path as shown to users: relative to the project folder.</summary>
    public string Display(string path) => Path.GetRelativePath(Path.GetDirectoryName(Root)!, path).Replace('\\', '/');

    /// <summary>
    /// Writes a file by renaming a finished temporary file over it, so a reader (or a killed run) never sees a
    /// half-written artifact.
    /// </summary>
    public static void WriteAtomically(string path, string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }
}
