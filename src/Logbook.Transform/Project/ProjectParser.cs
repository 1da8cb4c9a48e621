using System.Security.Cryptography;
using System.Text;
using Logbook.Core.Configuration;
using Logbook.Core.Graph;
using Logbook.Core.Templates;

namespace Logbook.Transform.Project;

/// <summary>
/// Parses a project folder into a <see cref="Manifest"/>: model SQL files, YAML docs and tests, sources and
/// singular tests; resolves every ref and source and checks the graph for cycles. Reads files only: nothing
/// touches the warehouse. Every problem is a <see cref="ProjectException"/> naming the file and line.
/// </summary>
public static class ProjectParser
{
    public static Manifest Parse(LogbookProject project, ParseOptions options)
    {
        try
        {
            return new Parser(project, options).Run();
        }
        catch (TemplateSyntaxException e)
        {
            throw new ProjectException(e.Message, e);
        }
        catch (LogbookConfigurationException e)
        {
            throw new ProjectException(e.Message, e);
        }
    }

    private sealed class Parser(LogbookProject project, ParseOptions options)
    {
        private readonly TemplateValues _values = new(MergeVars(project.Vars, options.VarOverrides), options.GetVariable);
        private readonly Dictionary<string, SourceTable> _sources = new(StringComparer.Ordinal);
        private readonly List<(TestSpec Spec, string Owner)> _testSpecs = [];

        // Where each model first references each of its dependencies (file:line:col), to place a cycle's error.
        private readonly Dictionary<(string Model, string Dependency), string> _referencedAt = [];
        private FolderConfig _folders = FolderConfig.Empty;

        public Manifest Run()
        {
            ReadProjectFile();
            var docs = ReadSchemaFiles();
            var models = ReadModels(docs);
            var resolved = new Dictionary<string, ModelNode>(StringComparer.Ordinal);
            foreach (var model in models)
            {
                resolved[model.Name] = model;
            }

            var tests = new Dictionary<string, TestNode>(StringComparer.Ordinal);
            foreach (var (spec, owner) in _testSpecs)
            {
                AddTest(tests, GenericTestFactory.Create(spec, owner, project.Name, resolved, _sources));
            }

            foreach (var test in ReadSingularTests(resolved))
            {
                AddTest(tests, test);
            }

            foreach (var name in tests.Keys)
            {
                if (resolved.TryGetValue(name, out var model))
                {
                    throw new ProjectException($"{tests[name].DefinedAt}: a test is named '{name}' like the model {model.OriginalFilePath}; give the test a name: of its own");
                }
            }

            var graph = BuildGraph(resolved.Values, tests.Values);
            return new Manifest
            {
                Project = project,
                Models = resolved,
                Sources = _sources,
                Tests = tests,
                Values = _values,
                Graph = graph,
            };
        }

        private Dag BuildGraph(IEnumerable<ModelNode> models, IEnumerable<TestNode> tests)
        {
            var nodes = new List<string>();
            var edges = new List<(string, string)>();
            nodes.AddRange(_sources.Values.Select(s => s.UniqueId));
            foreach (var model in models)
            {
                nodes.Add(model.UniqueId);
                edges.AddRange(model.DependsOn.Select(d => (d, model.UniqueId)));
            }

            foreach (var test in tests)
            {
                nodes.Add(test.UniqueId);
                edges.AddRange(test.DependsOn.Select(d => (d, test.UniqueId)));
            }

            var graph = new Dag(nodes, edges);
            if (graph.FindCycle() is { } cycle)
            {
                // cycle[0] reads cycle[^2]: point at that ref, the one closing the cycle.
                var names = cycle.Select(id => id[(id.LastIndexOf('.') + 1)..]).ToList();
                var at = _referencedAt[(cycle[0], cycle[^2])];
                throw new ProjectException($"{at}: the models reference each other in a cycle: {string.Join(" --> ", names)}");
            }

            return graph;
        }

        private static void AddTest(Dictionary<string, TestNode> tests, TestNode test)
        {
            if (tests.TryGetValue(test.Name, out var existing))
            {
                throw new ProjectException($"{test.DefinedAt}: a second test is named '{test.Name}' (the first is at {existing.DefinedAt}); give one a name: of its own");
            }

            tests[test.Name] = test;
        }

        private void ReadProjectFile()
        {
            if (project.ProjectFile is null)
            {
                return;
            }

            var file = YamlFile.Parse(File.ReadAllText(project.ProjectFile), LogbookProject.FileName, options.GetVariable);
            foreach (var (key, _, value) in file.Entries(file.Root))
            {
                if (key == "models")
                {
                    _folders = FolderConfig.Read(file, value);
                }
                else if (key == "sources")
                {
                    AddSources(SchemaFileReader.ReadSources(file, value, project.Name, options.DefaultSchema));
                }
            }
        }

        private void AddSources(IEnumerable<(SourceTable Table, IReadOnlyList<TestSpec> Tests)> sources)
        {
            foreach (var (table, tests) in sources)
            {
                var key = $"{table.SourceName}.{table.Name}";
                if (_sources.TryGetValue(key, out var existing))
                {
                    throw new ProjectException($"{table.DefinedAt}: source table {key} is declared twice (also at {existing.DefinedAt})");
                }

                _sources[key] = table;
                _testSpecs.AddRange(tests.Select(t => (t, table.UniqueId)));
            }
        }

        private Dictionary<string, ModelDoc> ReadSchemaFiles()
        {
            var docs = new Dictionary<string, ModelDoc>(StringComparer.Ordinal);
            foreach (var path in FilesUnder(project.ModelPaths, "*.yml", "*.yaml"))
            {
                var file = YamlFile.Parse(File.ReadAllText(path), Relative(path), options.GetVariable);
                var (models, sources) = SchemaFileReader.Read(file, project.Name, options.DefaultSchema);
                foreach (var model in models)
                {
                    if (docs.TryGetValue(model.Name, out var existing))
                    {
                        throw new ProjectException($"{model.DefinedAt}: model '{model.Name}' is documented twice (also at {existing.DefinedAt})");
                    }

                    docs[model.Name] = model;
                }

                AddSources(sources);
            }

            return docs;
        }

        private List<ModelNode> ReadModels(Dictionary<string, ModelDoc> docs)
        {
            var parsed = new List<(string Path, string Relative, string ModelPath, string Text, IReadOnlyList<TemplateNode> Template, IReadOnlyList<TemplateScanner.Reference> References, ModelConfig Config)>();
            var byName = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var modelPath in project.ModelPaths)
            {
                var root = Path.Combine(project.Directory, modelPath);
                foreach (var path in FilesUnder([modelPath], "*.sql"))
                {
                    var relative = Relative(path);
                    var name = Path.GetFileNameWithoutExtension(path);
                    if (byName.TryGetValue(name, out var other))
                    {
                        throw new ProjectException($"{relative}:1:1: a second model is named '{name}' (the first is {other}); model names must be unique");
                    }

                    byName[name] = relative;
                    var text = File.ReadAllText(path);
                    var template = TemplateParser.Parse(text, relative);
                    var references = TemplateScanner.Scan(template, relative);
                    var context = new ParseContext(options.Dialect, _values);
                    TemplateRenderer.Render(template, relative, context);
                    var inFolder = Path.GetRelativePath(root, path).Replace('\\', '/');
                    var layers = _folders.For(inFolder, project.Name).ToList();
                    if (docs.TryGetValue(name, out var doc))
                    {
                        layers.Add((doc.Config, doc.DefinedAt));
                    }

                    layers.Add((context.Config, relative));
                    parsed.Add((path, relative, inFolder, text, template, references, ModelConfig.Resolve(layers)));
                }
            }

            foreach (var name in docs.Keys.Where(n => !byName.ContainsKey(n)))
            {
                throw new ProjectException($"{docs[name].DefinedAt}: model '{name}' is documented, but there is no {name}.sql under {string.Join(", ", project.ModelPaths)}");
            }

            var enabled = parsed.Where(p => p.Config.Enabled).Select(p => Path.GetFileNameWithoutExtension(p.Path)).ToHashSet(StringComparer.Ordinal);
            var models = new List<ModelNode>();
            foreach (var item in parsed.Where(p => p.Config.Enabled))
            {
                var name = Path.GetFileNameWithoutExtension(item.Path);
                var dependsOn = new List<string>();
                foreach (var reference in item.References)
                {
                    var id = ResolveReference(reference, item.Relative, byName, enabled);
                    if (!dependsOn.Contains(id, StringComparer.Ordinal))
                    {
                        dependsOn.Add(id);
                        _referencedAt[($"model.{project.Name}.{name}", id)] = $"{item.Relative}:{reference.Position.Line}:{reference.Position.Column}";
                    }
                }

                docs.TryGetValue(name, out var doc);

                var model = new ModelNode
                {
                    UniqueId = $"model.{project.Name}.{name}",
                    Name = name,
                    FilePath = item.Path,
                    OriginalFilePath = item.Relative,
                    Path = item.ModelPath,
                    RawSql = item.Text,
                    Template = item.Template,
                    Config = item.Config,
                    Schema = item.Config.Schema ?? options.DefaultSchema,
                    Alias = item.Config.Alias ?? name,
                    DependsOn = dependsOn,
                    Description = doc?.Description,
                    Columns = doc?.Columns ?? [],
                    Checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(item.Text))),
                };
                models.Add(model);
                if (doc is not null)
                {
                    _testSpecs.AddRange(doc.Tests.Select(t => (t, model.UniqueId)));
                }
            }

            return models;
        }

        private string ResolveReference(TemplateScanner.Reference reference, string file, Dictionary<string, string> models, HashSet<string> enabled)
        {
            var at = $"{file}:{reference.Position.Line}:{reference.Position.Column}";
            if (reference.Function == "ref")
            {
                var target = reference.Arguments[0];
                if (!models.ContainsKey(target))
                {
                    var hint = Closest(target, models.Keys);
                    throw new ProjectException($"{at}: ref('{target}'): there is no model named '{target}'{(hint is null ? string.Empty : $" (did you mean '{hint}'?)")}");
                }

                return enabled.Contains(target)
                    ? $"model.{project.Name}.{target}"
                    : throw new ProjectException($"{at}: ref('{target}'): model '{target}' is disabled (enabled: false)");
            }

            var key = $"{reference.Arguments[0]}.{reference.Arguments[1]}";
            return _sources.TryGetValue(key, out var source)
                ? source.UniqueId
                : throw new ProjectException($"{at}: source('{reference.Arguments[0]}', '{reference.Arguments[1]}') is not declared; add it under 'sources:' in logbook.yml or a models YAML file");
        }

        private IEnumerable<TestNode> ReadSingularTests(Dictionary<string, ModelNode> models)
        {
            foreach (var path in FilesUnder(project.TestPaths, "*.sql"))
            {
                var relative = Relative(path);
                var text = File.ReadAllText(path);
                var template = TemplateParser.Parse(text, relative);
                var dependsOn = new List<string>();
                foreach (var reference in TemplateScanner.Scan(template, relative))
                {
                    var id = ResolveReference(reference, relative, models.ToDictionary(m => m.Key, m => m.Value.OriginalFilePath, StringComparer.Ordinal), [.. models.Keys]);
                    if (!dependsOn.Contains(id, StringComparer.Ordinal))
                    {
                        dependsOn.Add(id);
                    }
                }

                var context = new ParseContext(options.Dialect, _values);
                TemplateRenderer.Render(template, relative, context);
                var severity = context.Config.GetValueOrDefault("severity") switch
                {
                    null => TestSeverity.Error,
                    "error" => TestSeverity.Error,
                    "warn" => TestSeverity.Warn,
                    var other => throw new ProjectException($"{relative}:1:1: severity '{other}' is not 'warn' or 'error'"),
                };
                var unknown = context.Config.Keys.FirstOrDefault(k => k is not ("severity" or "tags"));
                if (unknown is not null)
                {
                    throw new ProjectException($"{relative}:1:1: unknown test setting '{unknown}' (known: severity, tags)");
                }

                var name = Path.GetFileNameWithoutExtension(path);
                yield return new TestNode
                {
                    UniqueId = $"test.{project.Name}.{name}",
                    Name = name,
                    Severity = severity,
                    Tags = ModelConfig.StringList(context.Config.GetValueOrDefault("tags"), "tags", relative),
                    DependsOn = dependsOn,
                    OriginalFilePath = relative,
                    DefinedAt = $"{relative}:1:1",
                    Template = template,
                    RawSql = text,
                    FilePath = path,
                };
            }
        }

        private IEnumerable<string> FilesUnder(IReadOnlyList<string> folders, params string[] patterns)
        {
            var files = new List<string>();
            foreach (var folder in folders)
            {
                var root = Path.Combine(project.Directory, folder);
                if (Directory.Exists(root))
                {
                    files.AddRange(patterns.SelectMany(p => Directory.EnumerateFiles(root, p, SearchOption.AllDirectories)));
                }
            }

            return files.Order(StringComparer.Ordinal);
        }

        private string Relative(string path) => Path.GetRelativePath(project.Directory, path).Replace('\\', '/');

        private static Dictionary<string, object?> MergeVars(IReadOnlyDictionary<string, object?> vars, IReadOnlyDictionary<string, object?> overrides)
        {
            var merged = new Dictionary<string, object?>(vars, StringComparer.Ordinal);
            foreach (var (key, value) in overrides)
            {
                merged[key] = value;
            }

            return merged;
        }

        /// <summary>The known name nearest to a misspelt one (edit distance at most 3), for "did you mean".</summary>
        private static string? Closest(string name, IEnumerable<string> candidates) =>
            candidates.Select(c => (Name: c, Distance: Distance(name, c))).Where(c => c.Distance <= 3).OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal).FirstOrDefault().Name;

        private static int Distance(string a, string b)
        {
            var previous = Enumerable.Range(0, b.Length + 1).ToArray();
            for (var i = 1; i <= a.Length; i++)
            {
                var current = new int[b.Length + 1];
                current[0] = i;
                for (var j = 1; j <= b.Length; j++)
                {
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                }

                previous = current;
            }

            return previous[b.Length];
        }
    }
}
