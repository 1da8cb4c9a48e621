using Logbook.Core.Configuration;

namespace Logbook.Cli.Commands;

/// <summary>Where a command writes, and the environment it reads configuration from.</summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, ConfigurationEnvironment Environment);
