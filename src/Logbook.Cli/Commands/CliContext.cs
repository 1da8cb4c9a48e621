using Logbook.Core.Configuration;

namespace Logbook.Cli.Commands;

/// <summary>
/// Where a command writes, and the environment it reads configuration from. <c>Interactive</c> is true when the
/// output is a terminal: runs then show a live progress line.
/// </summary>
internal sealed record CliContext(TextWriter Out, TextWriter Error, ConfigurationEnvironment Environment, bool Interactive = false);
