namespace Erlang.Terms.Internal;

/// <summary>Kinds of tokens of Erlang term text.</summary>
internal enum TokenKind
{
    EndOfInput,
    Atom,
    Variable,
    Integer,
    Float,
    String,
    Punctuation,
    Dot,
}
