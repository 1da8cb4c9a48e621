namespace Logbook.Core.Configuration;

/// <summary>Reads <c>logbook.yml</c>.</summary>
internal static class ProjectFileReader
{
    private static readonly string[] s_keys = ["name", "version", "profile", "model-paths", "test-paths", "target-path", "vars", "models", "sources", "audit-schema"];

    public static LogbookProject Read(string projectDirectory, Func<string, string?> getVariable)
    {
        var path = Path.Combine(projectDirectory, LogbookProject.FileName);
        if (!File.Exists(path))
        {
            return new LogbookProject { Directory = projectDirectory, Name = Path.GetFileName(Path.TrimEndingDirectorySeparator(projectDirectory)) };
        }

        var file = YamlFile.Load(path, getVariable);
        string? name = null;
        string? version = null;
        string? profile = null;
        IReadOnlyList<string> modelPaths = ["models"];
        IReadOnlyList<string> testPaths = ["tests"];
        var targetPath = "target";
        string? auditSchema = null;
        var vars = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (key, keyNode, value) in file.Entries(file.Root))
        {
            switch (key)
            {
                case "name":
                    name = file.RequiredScalar(value, "'name'");
                    break;
                case "version":
                    version = file.Scalar(value, "'version'");
                    break;
                case "profile":
                    profile = file.RequiredScalar(value, "'profile'");
                    break;
                case "model-paths":
                    modelPaths = file.StringList(value, "'model-paths'");
                    break;
                case "test-paths":
                    testPaths = file.StringList(value, "'test-paths'");
                    break;
                case "target-path":
                    targetPath = file.RequiredScalar(value, "'target-path'");
                    break;
                case "vars":
                    foreach (var (varName, _, varValue) in file.Entries(file.Mapping(value, "'vars'")))
                    {
                        vars[varName] = YamlFile.ToValue(varValue);
                    }

                    break;
                case "models" or "sources":
                    // Read by the model engine (Logbook.Transform), which reports its own located errors.
                    break;
                case "audit-schema":
                    auditSchema = file.RequiredScalar(value, "'audit-schema'");
                    break;
                default:
                    throw file.Error(keyNode, $"unknown key '{key}' (known keys: {string.Join(", ", s_keys)})");
            }
        }

        if (name is null)
        {
            throw new LogbookConfigurationException("'name' is required (for example: name: my_project)", new SourceLocation(path, 1, 1));
        }

        return new LogbookProject
        {
            Directory = projectDirectory,
            ProjectFile = path,
            Name = name,
            Version = version,
            Profile = profile ?? name,
            ModelPaths = modelPaths,
            TestPaths = testPaths,
            TargetPath = targetPath,
            Vars = vars,
            AuditSchema = auditSchema ?? LogbookProject.DefaultAuditSchema,
        };
    }
}
