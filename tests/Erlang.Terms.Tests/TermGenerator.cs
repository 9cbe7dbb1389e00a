using System.Collections.Immutable;
using System.Numerics;
using Erlang.Terms;

namespace Erlang.Terms.Tests;

/// <summary>Random terms from a seeded generator, for round-trip tests.</summary>
internal sealed class TermGenerator
{
    private static readonly string[] AtomNames =
    {
        "a", "ok", "cloudi@host", "Upper", "with space", "it's", "back\\slash", "if", "end", "_x", "",
        "ünïcödé", "emoji😀", "tab\there", "dot.ted", "new\nline", "x@y.z", "\u007f",
    };

    private readonly Random _random;
    private readonly bool _opaque;

    public TermGenerator(int seed, bool includeOpaque)
    {
        _random = new Random(seed);
        _opaque = includeOpaque;
    }

    public ErlangTerm Next(int depth = 4)
    {
        int kinds = depth <= 0 ? 6 : 10;
        int k = _random.Next(kinds + (_opaque ? 3 : 0));
        if (k >= kinds)
        {
            return Opaque(k - kinds);
        }
        switch (k)
        {
            case 0: return new ErlangAtom(AtomNames[_random.Next(AtomNames.Length)]);
            case 1: return Integer();
            case 2: return new ErlangFloat(Float());
            case 3: return new ErlangBinary(Bytes(_random.Next(0, 12), _random.Next(2) == 0));
            case 4: return ErlangList.FromString(Text());
            case 5: return _random.Next(2) == 0 ? ErlangList.Nil : ErlangTuple.Empty;
            case 6: return new ErlangTuple(Many(depth));
            case 7:
            {
                var elements = Many(depth);
                ErlangTerm? tail = elements.IsEmpty || _random.Next(3) != 0 ? null : NonList(depth - 1);
                return new ErlangList(elements, tail);
            }
            case 8:
            {
                var pairs = new List<KeyValuePair<ErlangTerm, ErlangTerm>>();
                int n = _random.Next(4);
                for (int i = 0; i < n; i++)
                {
                    pairs.Add(new(Next(depth - 1), Next(depth - 1)));
                }
                return new ErlangMap(pairs);
            }
            default:
                return new ErlangList(Enumerable.Range(0, _random.Next(1, 6)).Select(_ => (ErlangTerm)ErlangInteger.From(_random.Next(0, 300))).ToImmutableArray());
        }
    }

    private ErlangTerm NonList(int depth)
    {
        while (true)
        {
            var t = Next(depth);
            if (t is not ErlangList)
            {
                return t;
            }
        }
    }

    private ImmutableArray<ErlangTerm> Many(int depth)
    {
        int n = _random.Next(5);
        var b = ImmutableArray.CreateBuilder<ErlangTerm>(n);
        for (int i = 0; i < n; i++)
        {
            b.Add(Next(depth - 1));
        }
        return b.MoveToImmutable();
    }

    private ErlangTerm Opaque(int k)
    {
        var node = new ErlangAtom(_random.Next(2) == 0 ? "cloudi@host" : "nonode@nohost");
        return k switch
        {
            0 => new ErlangPid(node, (uint)_random.Next(), (uint)_random.Next(), (uint)_random.Next()),
            1 => new ErlangPort(node, _random.Next(2) == 0 ? (ulong)_random.Next() : (ulong)_random.NextInt64() << 8, (uint)_random.Next()),
            _ => new ErlangReference(node, (uint)_random.Next(), Enumerable.Range(0, _random.Next(1, 6)).Select(_ => (uint)_random.Next()).ToImmutableArray()),
        };
    }

    private ErlangInteger Integer() => _random.Next(5) switch
    {
        0 => ErlangInteger.From(_random.Next(0, 256)),
        1 => new ErlangInteger(_random.Next(int.MinValue, int.MaxValue)),
        2 => new ErlangInteger(_random.NextInt64(long.MinValue, long.MaxValue)),
        3 => new ErlangInteger(-_random.Next(1, 1000)),
        _ => new ErlangInteger(new BigInteger(Bytes(_random.Next(8, 300), false)) * (_random.Next(2) == 0 ? 1 : -1)),
    };

    private double Float() => _random.Next(4) switch
    {
        0 => Math.Round(_random.NextDouble() * 1000, 2),
        1 => -_random.NextDouble(),
        2 => BitConverter.Int64BitsToDouble(_random.NextInt64(0, 0x7FEFFFFFFFFFFFFF)) * (_random.Next(2) == 0 ? 1 : -1),
        _ => _random.Next(-5, 5),
    };

    private byte[] Bytes(int n, bool printable)
    {
        var b = new byte[n];
        for (int i = 0; i < n; i++)
        {
            b[i] = printable ? (byte)_random.Next(0x20, 0x7F) : (byte)_random.Next(256);
        }
        return b;
    }

    private string Text()
    {
        string[] pieces = { "a", "Z", " ", "\"", "\\", "'", "\n", "\t", "\u0001", "é", "ÿ", "€", "😀", "%", "." };
        int n = _random.Next(0, 8);
        var sb = new System.Text.StringBuilder();
        for (int i = 0; i < n; i++)
        {
            sb.Append(pieces[_random.Next(pieces.Length)]);
        }
        return sb.ToString();
    }
}
