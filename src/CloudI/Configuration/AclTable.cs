using CloudI.Names;
using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// The global named ACL lists (<c>{acl, [...]}</c>, <c>acl_add</c>, <c>acl_remove</c>, <c>acl</c>;
/// semantics §4). Lists are stored fully expanded, as CloudI 1.5.3 stores them: references to
/// other names are replaced by those names' patterns when added, and every string without a
/// wildcard gets the implicit <c>*</c> (<c>"/a/"</c> is stored as <c>"/a/*"</c>). Thread-safe.
/// </summary>
public sealed class AclTable
{
    // The runtime matches names with the 2.0.x syntax (`?` a wildcard; CloudIRuntimeOptions.Flavor):
    // entries are validated and completed by the same rules, or an entry accepted here could
    // never match (or match otherwise than written).
    private const ServiceNameFlavor Flavor = ServiceNameFlavor.Version20;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IReadOnlyList<string>> _lists = new(StringComparer.Ordinal);

    /// <summary>How many named lists there are.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _lists.Count;
            }
        }
    }

    /// <summary>
    /// Adds (or replaces) named lists. Entries are atoms naming lists (of this batch, in any
    /// order, or already in the table) and strings (patterns, or prefixes). Everything is
    /// validated before anything is stored, so a failed call changes nothing.
    /// </summary>
    /// <param name="lists">The names and their entries.</param>
    /// <exception cref="CloudIConfigException"><c>acl_invalid</c> (bad name, entry or pattern, repeated name), <c>acl_cyclic</c>, <c>acl_not_found</c>.</exception>
    public void Add(IEnumerable<KeyValuePair<string, IReadOnlyList<ErlangTerm>>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var batch = new List<Definition>();
        foreach (var pair in lists)
        {
            batch.Add(new Definition(pair.Key, null, pair.Value ?? []));
        }

        Add(batch, ParseContext.None);
    }

    /// <summary>
    /// Adds the named lists of an <c>acl</c> section or <c>acl_add</c> argument,
    /// <c>[{Name :: atom(), [atom() | string()]}]</c>.
    /// </summary>
    /// <param name="value">The list term.</param>
    /// <param name="positionOf">Where terms are in a configuration file, for error messages.</param>
    /// <exception cref="CloudIConfigException">As <see cref="Add(IEnumerable{KeyValuePair{string, IReadOnlyList{ErlangTerm}}})"/>.</exception>
    public void AddTerm(ErlangTerm value, Func<ErlangTerm, SourcePosition?>? positionOf = null)
    {
        ArgumentNullException.ThrowIfNull(value);
        AddTermCore(value, new ParseContext(positionOf));
    }

    /// <summary>Removes a named list; lists that referenced it keep their expanded patterns.</summary>
    /// <param name="name">The list's name.</param>
    /// <returns>True when the name existed.</returns>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        lock (_gate)
        {
            return _lists.Remove(name);
        }
    }

    /// <summary>Every named list with its patterns (what the <c>acl</c> API call returns).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Expanded()
    {
        lock (_gate)
        {
            return new Dictionary<string, IReadOnlyList<string>>(_lists, StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// The patterns of a service's deny or allow list, against the lists defined now: names are
    /// replaced by their patterns, strings get the implicit <c>*</c>. Called when the service
    /// starts, so later changes to the table only affect services started afterwards.
    /// </summary>
    /// <param name="spec">The service's list.</param>
    /// <exception cref="CloudIConfigException"><c>acl_not_found</c> for an unknown name, <c>acl_invalid</c> for a bad entry or pattern.</exception>
    public IReadOnlyList<string> Resolve(AclSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return ResolveCore(spec, ParseContext.None);
    }

    /// <summary>The pattern a configured ACL string stands for (the 1.5.3 implicit <c>*</c>), or null with the reason it is invalid.</summary>
    internal static string? NormalizePattern(string value, out string? error)
    {
        error = ServiceNames.PatternError(value, Flavor);
        if (error is not null)
        {
            return null;
        }

        return ServiceNames.IsPattern(value, Flavor) ? value : value + ServiceNames.Star;
    }

    /// <summary>Checks one entry of an ACL list (an atom, or a string that is a valid pattern or prefix).</summary>
    internal static void ValidateEntry(ErlangTerm entry, ParseContext context)
    {
        if (entry is ErlangAtom)
        {
            return;
        }

        if (!TermValues.TryString(entry, out string text))
        {
            throw context.Error("acl_invalid", entry, "an ACL entry is an atom or a string");
        }

        if (NormalizePattern(text, out string? error) is null)
        {
            throw context.Error("acl_invalid", entry, error);
        }
    }

    internal void AddTermCore(ErlangTerm value, ParseContext context)
    {
        if (!TermValues.TryProperList(value, out var items))
        {
            throw context.Error("acl_invalid", value, "expected [{Name, [atom() | string()]}]");
        }

        var batch = new List<Definition>(items.Length);
        foreach (var item in items)
        {
            if (item is not ErlangTuple { Arity: 2 } tuple || tuple[0] is not ErlangAtom name)
            {
                throw context.Error("acl_invalid", item, "expected {Name :: atom(), [atom() | string()]}");
            }

            if (!TermValues.TryProperList(tuple[1], out var entries) || tuple[1] is ErlangList { IsStringLiteral: true, IsEmpty: false })
            {
                throw context.Error("acl_invalid", tuple[1], "an ACL is a list of atoms and strings");
            }

            batch.Add(new Definition(name.Name, name, entries));
        }

        Add(batch, context);
    }

    internal IReadOnlyList<string> ResolveCore(AclSpec spec, ParseContext context)
    {
        var patterns = new List<string>();
        lock (_gate)
        {
            foreach (var entry in spec.Entries)
            {
                if (entry is ErlangAtom atom)
                {
                    if (!_lists.TryGetValue(atom.Name, out var named))
                    {
                        throw context.Error("acl_not_found", entry);
                    }

                    patterns.AddRange(named);
                    continue;
                }

                patterns.Add(Pattern(entry, context));
            }
        }

        return patterns;
    }

    private static string Pattern(ErlangTerm entry, ParseContext context)
    {
        ValidateEntry(entry, context);
        TermValues.TryString(entry, out string text);
        return NormalizePattern(text, out _)!;
    }

    private void Add(List<Definition> batch, ParseContext context)
    {
        var definitions = new Dictionary<string, Definition>(StringComparer.Ordinal);
        foreach (var definition in batch)
        {
            ErlangTerm nameTerm = definition.NameTerm ?? NameTerm(definition.Name);
            if (definition.Name.Length == 0 || definition.Name.Length > ErlangAtom.MaxLength)
            {
                throw context.Error("acl_invalid", nameTerm, "an ACL name is a non-empty atom");
            }

            if (!definitions.TryAdd(definition.Name, definition))
            {
                throw context.Error("acl_invalid", nameTerm, "the ACL name is defined twice");
            }

            foreach (var entry in definition.Entries)
            {
                if (entry is null)
                {
                    throw new ArgumentException("an ACL entry is null", nameof(batch));
                }

                ValidateEntry(entry, context);
            }
        }

        lock (_gate)
        {
            var expanded = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
            var visiting = new HashSet<string>(StringComparer.Ordinal);
            foreach (var definition in batch)
            {
                Expand(definition, definitions, expanded, visiting, context);
            }

            foreach (var (name, patterns) in expanded)
            {
                _lists[name] = patterns;
            }
        }
    }

    // Depth-first expansion of one definition of the batch; names not in the batch come from the
    // table, which is already expanded. Caller holds the lock.
    private IReadOnlyList<string> Expand(
        Definition definition,
        Dictionary<string, Definition> batch,
        Dictionary<string, IReadOnlyList<string>> expanded,
        HashSet<string> visiting,
        ParseContext context)
    {
        if (expanded.TryGetValue(definition.Name, out var done))
        {
            return done;
        }

        visiting.Add(definition.Name);
        var patterns = new List<string>();
        foreach (var entry in definition.Entries)
        {
            if (entry is ErlangAtom atom)
            {
                if (batch.TryGetValue(atom.Name, out var referenced))
                {
                    if (visiting.Contains(atom.Name))
                    {
                        throw context.Error("acl_cyclic", entry, $"'{atom.Name}' refers back to itself through '{definition.Name}'");
                    }

                    patterns.AddRange(Expand(referenced, batch, expanded, visiting, context));
                }
                else if (_lists.TryGetValue(atom.Name, out var existing))
                {
                    patterns.AddRange(existing);
                }
                else
                {
                    throw context.Error("acl_not_found", entry);
                }

                continue;
            }

            patterns.Add(Pattern(entry, context));
        }

        visiting.Remove(definition.Name);
        expanded[definition.Name] = patterns;
        return patterns;
    }

    private static ErlangTerm NameTerm(string name)
    {
        try
        {
            return new ErlangAtom(name);
        }
        catch (ArgumentException)
        {
            return ErlangBinary.FromUtf8(name);
        }
    }

    private sealed record Definition(string Name, ErlangAtom? NameTerm, IReadOnlyList<ErlangTerm> Entries);
}
