using System.Text;

namespace Erlang.Terms;

/// <summary>An Erlang atom: a name of at most 255 Unicode characters.</summary>
public sealed class ErlangAtom : ErlangTerm
{
    /// <summary>Erlang's limit on the number of characters of an atom.</summary>
    public const int MaxLength = 255;

    /// <summary>The atom <c>true</c>.</summary>
    public static ErlangAtom True { get; } = new("true");

    /// <summary>The atom <c>false</c>.</summary>
    public static ErlangAtom False { get; } = new("false");

    /// <summary>The atom <c>undefined</c>.</summary>
    public static ErlangAtom Undefined { get; } = new("undefined");

    /// <summary>Creates an atom.</summary>
    /// <exception cref="ArgumentException">The name has more than 255 characters or is not valid Unicode.</exception>
    public ErlangAtom(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        int count = 0;
        for (int i = 0; i < name.Length; i++)
        {
            char c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                throw new ArgumentException("atom name is not valid Unicode (lone surrogate)", nameof(name));
            }
            count++;
        }
        if (count > MaxLength)
        {
            throw new ArgumentException($"atom name has {count} characters; the limit is {MaxLength}", nameof(name));
        }
        Name = name;
    }

    /// <summary>The atom's name.</summary>
    public string Name { get; }

    /// <summary>True when this atom is <c>true</c> or <c>false</c>.</summary>
    public bool IsBoolean => Name is "true" or "false";

    /// <inheritdoc />
    public override bool Equals(ErlangTerm? other) => other is ErlangAtom a && a.Name == Name;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(1, StringComparer.Ordinal.GetHashCode(Name));

    internal override void WriteTo(StringBuilder sb) => TermFormatter.WriteAtom(sb, Name);
}
