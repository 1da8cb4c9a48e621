namespace Logbook.Core.Templates;

/// <summary>A position in a template file (1-based line and column), for errors that point at the text.</summary>
public readonly record struct TemplatePosition(int Line, int Column);

/// <summary>A template that cannot be parsed; the message starts with <c>file:line:column:</c>.</summary>
public sealed class TemplateSyntaxException(string file, TemplatePosition position, string problem)
    : Exception($"{file}:{position.Line}:{position.Column}: {problem}")
{
    public string File { get; } = file;

    public TemplatePosition Position { get; } = position;

    public string Problem { get; } = problem;
}

/// <summary>A piece of a parsed template.</summary>
public abstract record TemplateNode(TemplatePosition Position);

/// <summary>SQL text, copied as is.</summary>
public sealed record TextNode(string Text, TemplatePosition Position) : TemplateNode(Position);

/// <summary><c>{{ expression }}</c>: replaced by the expression's value.</summary>
public sealed record OutputNode(TemplateExpression Expression, TemplatePosition Position) : TemplateNode(Position);

/// <summary><c>{% if cond %} ... {% elif cond %} ... {% else %} ... {% endif %}</c>.</summary>
public sealed record IfNode(IReadOnlyList<(TemplateExpression Condition, IReadOnlyList<TemplateNode> Body)> Branches, IReadOnlyList<TemplateNode> Else, TemplatePosition Position) : TemplateNode(Position);

/// <summary>An expression inside <c>{{ }}</c> or <c>{% if %}</c>.</summary>
public abstract record TemplateExpression(TemplatePosition Position);

/// <summary>A function call: <c>ref('model')</c>, <c>config(materialized='table', tags=['a'])</c>.</summary>
public sealed record CallExpression(
    string Function,
    IReadOnlyList<TemplateExpression> Arguments,
    IReadOnlyList<(string Name, TemplateExpression Value)> NamedArguments,
    TemplatePosition Position) : TemplateExpression(Position);

/// <summary>A bare name: <c>this</c>.</summary>
public sealed record NameExpression(string Name, TemplatePosition Position) : TemplateExpression(Position);

/// <summary>A literal: string, number, true/false, none.</summary>
public sealed record LiteralExpression(object? Value, TemplatePosition Position) : TemplateExpression(Position);

/// <summary><c>[a, b]</c>.</summary>
public sealed record ListExpression(IReadOnlyList<TemplateExpression> Items, TemplatePosition Position) : TemplateExpression(Position);

/// <summary><c>not expr</c>.</summary>
public sealed record NotExpression(TemplateExpression Operand, TemplatePosition Position) : TemplateExpression(Position);

/// <summary>
/// Thrown by an <see cref="ITemplateContext"/> when a call cannot be satisfied (an unknown model, a missing
/// variable); the renderer rethrows it as a <see cref="TemplateSyntaxException"/> pointing at the call.
/// </summary>
public sealed class TemplateContextException(string problem) : Exception(problem);
