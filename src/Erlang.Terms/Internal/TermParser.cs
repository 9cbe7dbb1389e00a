using System.Collections.Immutable;
using System.Numerics;
using System.Text;

namespace Erlang.Terms.Internal;

/// <summary>
/// Recursive-descent parser of Erlang literal terms (what <c>file:consult/1</c> accepts),
/// bounded in depth by <see cref="ErlangTermReaderOptions.MaxDepth"/>.
/// </summary>
internal sealed class TermParser
{
    private readonly TermLexer _lexer;
    private readonly ErlangTermReaderOptions _options;
    private readonly Dictionary<ErlangTerm, SourcePosition> _positions = new(ReferenceEqualityComparer.Instance);
    private Token _current;

    public TermParser(string text, string fileName, ErlangTermReaderOptions options)
    {
        _lexer = new TermLexer(text, fileName, options);
        _options = options;
        _current = _lexer.Next();
    }

    public IReadOnlyDictionary<ErlangTerm, SourcePosition> Positions => _positions;

    public bool AtEnd => _current.Kind == TokenKind.EndOfInput;

    /// <summary>Reads one term and the '.' that ends it; the '.' is optional at the end when <paramref name="dotOptional"/>.</summary>
    public PositionedTerm ReadTermAndDot(bool dotOptional)
    {
        var start = _current.Position;
        var term = ParseTerm(0);
        if (_current.Kind == TokenKind.Dot)
        {
            Advance();
        }
        else if (_current.Kind == TokenKind.EndOfInput)
        {
            if (!dotOptional)
            {
                throw new ErlangTermSyntaxException(_current.Position, $"missing '.' after the term that starts at line {start.Line}, column {start.Column}");
            }
        }
        else
        {
            throw new ErlangTermSyntaxException(_current.Position, $"expected '.' after the term, found {_current.Describe()}");
        }
        return new PositionedTerm(term, start, _positions);
    }

    public ErlangTermSyntaxException UnexpectedAfterTerm() =>
        new(_current.Position, $"expected a single term, found {_current.Describe()} after it");

    private void Advance() => _current = _lexer.Next();

    private bool IsPunct(string text) => _current.Kind == TokenKind.Punctuation && _current.Text == text;

    private void Expect(string text, string context)
    {
        if (!IsPunct(text))
        {
            throw Unexpected($"expected '{text}' {context}");
        }
        Advance();
    }

    private ErlangTermSyntaxException Unexpected(string expectation) =>
        new(_current.Position, $"{expectation}, found {_current.Describe()}");

    private T Record<T>(T term, SourcePosition at)
        where T : ErlangTerm
    {
        _positions[term] = at;
        return term;
    }

    private ErlangTerm ParseTerm(int depth)
    {
        var token = _current;
        var at = token.Position;
        switch (token.Kind)
        {
            case TokenKind.Atom:
                if (token.CodePoints is null && TermFormatter.ReservedWords.Contains(token.Text))
                {
                    throw new ErlangTermSyntaxException(at, $"'{token.Text}' is a reserved word; write it quoted to use it as an atom");
                }
                Advance();
                return Record(new ErlangAtom(token.Text), at);
            case TokenKind.Integer:
                Advance();
                return Record(new ErlangInteger(token.Integer), at);
            case TokenKind.Float:
                Advance();
                return Record(new ErlangFloat(token.Float), at);
            case TokenKind.String:
                return Record(MakeString(ReadStrings()), at);
            case TokenKind.Variable:
                throw new ErlangTermSyntaxException(at, $"variable {token.Text} is not allowed in a term (atoms start with a lower-case letter or are quoted)");
            case TokenKind.Dot:
                throw new ErlangTermSyntaxException(at, "unexpected '.': a term is missing");
            case TokenKind.EndOfInput:
                throw new ErlangTermSyntaxException(at, "unexpected end of input: a term is missing");
        }
        switch (token.Text)
        {
            case "-" or "+":
                Advance();
                var number = _current;
                if (number.Kind == TokenKind.Integer)
                {
                    Advance();
                    return Record(new ErlangInteger(token.Text == "-" ? -number.Integer : number.Integer), at);
                }
                if (number.Kind == TokenKind.Float)
                {
                    Advance();
                    return Record(new ErlangFloat(token.Text == "-" ? -number.Float : number.Float), at);
                }
                throw Unexpected($"expected a number after '{token.Text}'");
            case "{":
                return Record(ParseTuple(depth + 1), at);
            case "[":
                return Record(ParseList(depth + 1), at);
            case "#":
                return Record(ParseMap(depth + 1), at);
            case "<<":
                return Record(ParseBinary(depth + 1), at);
        }
        throw new ErlangTermSyntaxException(at, $"unexpected {token.Describe()}: a term is missing");
    }

    private void CheckDepth(int depth)
    {
        if (depth > _options.MaxDepth)
        {
            throw new ErlangTermSyntaxException(_current.Position, $"terms nested deeper than {_options.MaxDepth} levels");
        }
    }

    private ErlangTuple ParseTuple(int depth)
    {
        CheckDepth(depth);
        Advance(); // '{'
        var elements = ImmutableArray.CreateBuilder<ErlangTerm>();
        if (!IsPunct("}"))
        {
            while (true)
            {
                elements.Add(ParseTerm(depth));
                if (IsPunct(","))
                {
                    Advance();
                    continue;
                }
                if (IsPunct("}"))
                {
                    break;
                }
                throw Unexpected("expected ',' or '}' in a tuple");
            }
        }
        Advance(); // '}'
        return new ErlangTuple(elements.ToImmutable());
    }

    private ErlangList ParseList(int depth)
    {
        CheckDepth(depth);
        Advance(); // '['
        var elements = ImmutableArray.CreateBuilder<ErlangTerm>();
        ErlangTerm? tail = null;
        if (!IsPunct("]"))
        {
            while (true)
            {
                elements.Add(ParseTerm(depth));
                if (IsPunct(","))
                {
                    Advance();
                    continue;
                }
                if (IsPunct("|"))
                {
                    Advance();
                    tail = ParseTerm(depth);
                    if (!IsPunct("]"))
                    {
                        throw Unexpected("expected ']' after the tail of a list");
                    }
                    break;
                }
                if (IsPunct("]"))
                {
                    break;
                }
                throw Unexpected("expected ',', '|' or ']' in a list");
            }
        }
        Advance(); // ']'
        return new ErlangList(elements.ToImmutable(), tail);
    }

    private ErlangMap ParseMap(int depth)
    {
        CheckDepth(depth);
        Advance(); // '#'
        Expect("{", "after '#' (a map is written #{Key => Value})");
        var pairs = new List<KeyValuePair<ErlangTerm, ErlangTerm>>();
        if (!IsPunct("}"))
        {
            while (true)
            {
                var key = ParseTerm(depth);
                Expect("=>", "between a map key and its value");
                var value = ParseTerm(depth);
                pairs.Add(new(key, value));
                if (IsPunct(","))
                {
                    Advance();
                    continue;
                }
                if (IsPunct("}"))
                {
                    break;
                }
                throw Unexpected("expected ',' or '}' in a map");
            }
        }
        Advance(); // '}'
        return new ErlangMap(pairs);
    }

    private ErlangBinary ParseBinary(int depth)
    {
        CheckDepth(depth);
        Advance(); // '<<'
        var bytes = new List<byte>();
        if (!IsPunct(">>"))
        {
            while (true)
            {
                AppendBinaryElement(bytes);
                if (bytes.Count > _options.MaxLiteralLength)
                {
                    throw new ErlangTermSyntaxException(_current.Position, $"binary longer than {_options.MaxLiteralLength} bytes");
                }
                if (IsPunct(","))
                {
                    Advance();
                    continue;
                }
                if (IsPunct(">>"))
                {
                    break;
                }
                throw Unexpected("expected ',' or '>>' in a binary");
            }
        }
        Advance(); // '>>'
        return new ErlangBinary(bytes.ToArray());
    }

    private void AppendBinaryElement(List<byte> bytes)
    {
        var at = _current.Position;
        if (_current.Kind == TokenKind.String)
        {
            var codePoints = ReadStrings();
            if (IsPunct("/"))
            {
                Advance();
                if (_current.Kind != TokenKind.Atom || _current.Text is not ("utf8" or "latin1"))
                {
                    throw Unexpected("expected the type utf8 or latin1 after '/' in a binary");
                }
                bool utf8 = _current.Text == "utf8";
                Advance();
                if (utf8)
                {
                    Span<byte> buffer = stackalloc byte[4];
                    foreach (int cp in codePoints)
                    {
                        if (!TermLexer.IsScalar(cp))
                        {
                            throw new ErlangTermSyntaxException(at, $"code point {cp} cannot be encoded as UTF-8");
                        }
                        int n = new Rune(cp).EncodeToUtf8(buffer);
                        for (int i = 0; i < n; i++)
                        {
                            bytes.Add(buffer[i]);
                        }
                    }
                    return;
                }
            }
            foreach (int cp in codePoints)
            {
                if (cp > 255)
                {
                    throw new ErlangTermSyntaxException(at, $"character {cp} in a binary string is out of byte range 0..255 (write \"...\"/utf8)");
                }
                bytes.Add((byte)cp);
            }
            return;
        }
        bool negative = false;
        if (IsPunct("-") || IsPunct("+"))
        {
            negative = _current.Text == "-";
            Advance();
            if (_current.Kind != TokenKind.Integer)
            {
                throw Unexpected("expected an integer in a binary");
            }
        }
        if (_current.Kind != TokenKind.Integer)
        {
            throw Unexpected("expected a byte (0..255) or a string in a binary");
        }
        BigInteger value = negative ? -_current.Integer : _current.Integer;
        if (value < 0 || value > 255)
        {
            throw new ErlangTermSyntaxException(at, $"integer {value} in a binary is out of byte range 0..255");
        }
        Advance();
        if (IsPunct(":") || IsPunct("/"))
        {
            throw new ErlangTermSyntaxException(_current.Position, "binary segment sizes and types are not supported (only bytes and strings)");
        }
        bytes.Add((byte)value);
    }

    /// <summary>Reads one or more adjacent string literals ("a" "b" is "ab").</summary>
    private List<int> ReadStrings()
    {
        var start = _current.Position;
        var all = new List<int>(_current.CodePoints!);
        Advance();
        while (_current.Kind == TokenKind.String)
        {
            all.AddRange(_current.CodePoints!);
            if (all.Count > _options.MaxLiteralLength)
            {
                throw new ErlangTermSyntaxException(start, $"string longer than {_options.MaxLiteralLength} characters");
            }
            Advance();
        }
        return all;
    }

    private static ErlangList MakeString(List<int> codePoints)
    {
        var sb = new StringBuilder(codePoints.Count);
        foreach (int cp in codePoints)
        {
            if (!TermLexer.IsScalar(cp))
            {
                // Not text (e.g. "\x{D800}"): still a valid Erlang list of integers.
                var elements = codePoints.Select(c => (ErlangTerm)ErlangInteger.From(c)).ToImmutableArray();
                return new ErlangList(elements);
            }
            sb.Append(char.ConvertFromUtf32(cp));
        }
        return ErlangList.FromString(sb.ToString());
    }
}
