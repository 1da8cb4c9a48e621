namespace Logbook.Transform.Project;

/// <summary>
/// A project that cannot be parsed or planned: one line, starting with <c>file:line:column:</c> when the problem
/// has a place (an unknown ref, a duplicate model, a YAML error, the ref closing a cycle).
/// </summary>
public sealed class ProjectException(string message, Exception? inner = null) : Exception(message, inner);
