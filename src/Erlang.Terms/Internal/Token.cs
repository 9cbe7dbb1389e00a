using System.Numerics;

namespace Erlang.Terms.Internal;

/// <summary>One token: its kind, where it starts, and its value.</summary>
internal readonly record struct Token(TokenKind Kind, SourcePosition Position, string Text)
{
    /// <summary>Integer value (Integer tokens, including character literals).</summary>
    public BigInteger Integer { get; init; }

    /// <summary>Float value (Float tokens).</summary>
    public double Float { get; init; }

    /// <summary>Code points (String tokens).</summary>
    public List<int>? CodePoints { get; init; }

    /// <summary>How the token is named in error messages.</summary>
    public string Describe() => Kind switch
    {
        TokenKind.EndOfInput => "end of input",
        TokenKind.Atom => $"atom '{Text}'",
        TokenKind.Variable => $"variable {Text}",
        TokenKind.Integer => $"integer {Text}",
        TokenKind.Float => $"float {Text}",
        TokenKind.String => "string",
        TokenKind.Dot => "'.'",
        _ => $"'{Text}'",
    };
}
