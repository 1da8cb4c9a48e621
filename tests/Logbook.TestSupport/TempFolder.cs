using Logbook.Core.Configuration;

namespace Logbook.TestSupport;

/// <summary>A fresh folder under the system temp folder, deleted on dispose, with an isolated configuration environment.</summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "logbook-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
        Home = Directory.CreateDirectory(System.IO.Path.Combine(Path, "home")).FullName;
    }

    public string Path { get; }

    /// <summary>A home folder inside the temp folder, so the real ~/.logbook never leaks in.</summary>
    public string Home { get; }

    /// <summary>Environment variables seen by the configuration (the process's are not).</summary>
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public ConfigurationEnvironment Environment => new()
    {
        GetVariable = name => Variables.TryGetValue(name, out var value) ? value : null,
        CurrentDirectory = Path,
        HomeDirectory = Home,
    };

    /// <summary>Writes a file (creating its folder) and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var file = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        File.WriteAllText(file, text.ReplaceLineEndings("\n"));
        return file;
    }

    public string Folder(string relativePath) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relativePath)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
