using System.Diagnostics.CodeAnalysis;

namespace CloudI.Names;

/// <summary>
/// An immutable character trie of service name patterns with the lookup of §1.3: literal edge
/// first, then <c>?</c>, then <c>*</c> (shortest extent first), depth first. Updates copy only
/// the path they touch, so a published instance can be read by any number of threads while a
/// writer builds the next one.
/// </summary>
/// <remarks>
/// With several patterns sharing a <c>?</c> edge each pattern's <c>?</c> stops at the first
/// occurrence of its own next literal and the candidates are tried in order of that position
/// (shortest first, as for <c>*</c>). The reference implementation scans the name once for any
/// next literal and gives up after the first one it finds, which can hide a pattern that matches
/// on its own; the per-pattern rule keeps the matching set equal to that of the patterns taken
/// one at a time.
/// </remarks>
/// <typeparam name="TValue">The value stored under each pattern.</typeparam>
public sealed class PatternTrie<TValue>
{
    private static readonly PatternTrie<TValue> EmptyV153 = new(ServiceNameFlavor.Version153, Node.Empty, 0);
    private static readonly PatternTrie<TValue> EmptyV20 = new(ServiceNameFlavor.Version20, Node.Empty, 0);

    private readonly Node _root;

    private PatternTrie(ServiceNameFlavor flavor, Node root, int count)
    {
        Flavor = flavor;
        _root = root;
        Count = count;
    }

    /// <summary>The empty trie for <paramref name="flavor"/>.</summary>
    /// <param name="flavor">Decides whether <c>?</c> is a wildcard.</param>
    public static PatternTrie<TValue> Empty(ServiceNameFlavor flavor) =>
        flavor == ServiceNameFlavor.Version153 ? EmptyV153 : EmptyV20;

    /// <summary>The name syntax of the stored patterns.</summary>
    public ServiceNameFlavor Flavor { get; }

    /// <summary>The number of stored patterns.</summary>
    public int Count { get; }

    /// <summary>
    /// A trie with <paramref name="value"/> stored under <paramref name="pattern"/> (replacing
    /// any previous value). Throws <see cref="InvalidServiceNameException"/> for an invalid
    /// pattern, because the lookup relies on the forbidden forms being absent.
    /// </summary>
    /// <param name="pattern">A full service name pattern.</param>
    /// <param name="value">The value to store.</param>
    public PatternTrie<TValue> SetItem(string pattern, TValue value)
    {
        ServiceNames.ValidatePattern(pattern, Flavor);
        bool added = false;
        Node root = Set(_root, pattern, value, ref added);
        return new PatternTrie<TValue>(Flavor, root, added ? Count + 1 : Count);
    }

    /// <summary>A trie without <paramref name="pattern"/>; this instance when it is absent.</summary>
    /// <param name="pattern">The exact pattern to remove.</param>
    public PatternTrie<TValue> Remove(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (!TryGetValue(pattern, out _))
        {
            return this;
        }

        Node root = RemoveFrom(_root, pattern);
        return new PatternTrie<TValue>(Flavor, root, Count - 1);
    }

    /// <summary>The value stored under exactly <paramref name="pattern"/> (string equality, no matching).</summary>
    /// <param name="pattern">The exact pattern.</param>
    /// <param name="value">The stored value when found.</param>
    public bool TryGetValue(string pattern, [MaybeNullWhen(false)] out TValue value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        Node? node = _root;
        foreach (char c in pattern)
        {
            node = Edge(node, c);
            if (node is null)
            {
                value = default;
                return false;
            }
        }

        value = node.Value;
        return node.Pattern is not null;
    }

    /// <summary>All stored patterns and values, in no particular order.</summary>
    public IEnumerable<KeyValuePair<string, TValue>> Items()
    {
        var pending = new Stack<Node>();
        pending.Push(_root);
        while (pending.Count > 0)
        {
            Node node = pending.Pop();
            if (node.Pattern is not null)
            {
                yield return new KeyValuePair<string, TValue>(node.Pattern, node.Value);
            }

            foreach (Node child in node.Children)
            {
                pending.Push(child);
            }

            if (node.Star is not null)
            {
                pending.Push(node.Star);
            }

            if (node.Question is not null)
            {
                pending.Push(node.Question);
            }
        }
    }

    /// <summary>
    /// The single best-matching pattern for <paramref name="name"/> (§1.3), or null when none
    /// matches or the name is not a valid destination name (empty, or containing a wildcard).
    /// </summary>
    /// <param name="name">The full service name to look up.</param>
    public PatternMatch<TValue>? Match(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (ServiceNames.NameError(name, Flavor) is not null)
        {
            return null;
        }

        var search = new Search(name);
        Node? found = search.Run(_root, 0);
        if (found is null)
        {
            return null;
        }

        var parts = new string[search.Captures.Count];
        for (int k = 0; k < parts.Length; k++)
        {
            (int start, int length) = search.Captures[k];
            parts[k] = name.Substring(start, length);
        }

        return new PatternMatch<TValue>(found.Pattern!, found.Value, parts);
    }

    private Node? Edge(Node node, char c)
    {
        if (c == ServiceNames.Star)
        {
            return node.Star;
        }

        if (c == ServiceNames.Question && Flavor == ServiceNameFlavor.Version20)
        {
            return node.Question;
        }

        return node.Child(c);
    }

    // Both updates walk down iteratively and rebuild the path bottom-up, so a long pattern
    // cannot exhaust the stack.
    private Node Set(Node root, string pattern, TValue value, ref bool added)
    {
        var path = new Node[pattern.Length + 1];
        path[0] = root;
        for (int i = 0; i < pattern.Length; i++)
        {
            path[i + 1] = Edge(path[i], pattern[i]) ?? Node.Empty;
        }

        added = path[^1].Pattern is null;
        Node updated = path[^1].WithValue(pattern, value);
        for (int i = pattern.Length - 1; i >= 0; i--)
        {
            updated = WithEdge(path[i], pattern[i], updated);
        }

        return updated;
    }

    private Node RemoveFrom(Node root, string pattern)
    {
        var path = new Node[pattern.Length + 1];
        path[0] = root;
        for (int i = 0; i < pattern.Length; i++)
        {
            path[i + 1] = Edge(path[i], pattern[i])!;
        }

        Node? updated = path[^1].WithoutValue();
        for (int i = pattern.Length - 1; i >= 0; i--)
        {
            updated = WithEdge(path[i], pattern[i], updated is { IsEmpty: true } ? null : updated);
        }

        return updated;
    }

    private Node WithEdge(Node node, char c, Node? child)
    {
        if (c == ServiceNames.Star)
        {
            return node.WithStar(child);
        }

        if (c == ServiceNames.Question && Flavor == ServiceNameFlavor.Version20)
        {
            return node.WithQuestion(child);
        }

        return node.WithChild(c, child);
    }

    /// <summary>One lookup's state: the name, the wildcard extents so far, and failed (node, index) pairs.</summary>
    private sealed class Search
    {
        private readonly string _name;

        // A '*' retries its continuation at every index; remembering failures bounds the work
        // by (nodes × name length) instead of growing exponentially with the number of stars.
        private HashSet<(Node, int)>? _failed;

        public Search(string name) => _name = name;

        public List<(int Start, int Length)> Captures { get; } = [];

        public Node? Run(Node start, int index)
        {
            // Literal edges are followed iteratively so the recursion depth is bounded by the
            // number of wildcards, not by the name length. Nodes along the way that also have a
            // wildcard edge are remembered and tried afterwards, deepest first, which is the
            // order the recursive depth-first search would visit them in.
            List<(Node Node, int Index)>? branches = null;
            Node node = start;
            int i = index;
            while (true)
            {
                if (i == _name.Length)
                {
                    if (node.Pattern is not null)
                    {
                        return node;
                    }

                    break;
                }

                if (node.Star is not null || node.Question is not null)
                {
                    (branches ??= []).Add((node, i));
                }

                Node? child = node.Child(_name[i]);
                if (child is null)
                {
                    break;
                }

                node = child;
                i++;
            }

            if (branches is null)
            {
                return null;
            }

            for (int b = branches.Count - 1; b >= 0; b--)
            {
                (Node branch, int at) = branches[b];
                Node? found = TryQuestion(branch, at) ?? TryStar(branch, at);
                if (found is not null)
                {
                    return found;
                }
            }

            return null;
        }

        private Node? TryQuestion(Node node, int i)
        {
            Node? question = node.Question;
            if (question is null)
            {
                return null;
            }

            // Validation guarantees a literal after every '?', so its node has only literal
            // children; each stops at that literal's first occurrence after at least one character.
            var stops = new List<(int Stop, Node Child)>(question.Keys.Length);
            for (int k = 0; k < question.Keys.Length; k++)
            {
                int stop = i + 1 < _name.Length ? _name.IndexOf(question.Keys[k], i + 1) : -1;
                if (stop >= 0)
                {
                    stops.Add((stop, question.Children[k]));
                }
            }

            stops.Sort(static (a, b) => a.Stop.CompareTo(b.Stop));
            foreach ((int stop, Node child) in stops)
            {
                Captures.Add((i, stop - i));
                Node? found = Run(child, stop + 1);
                if (found is not null)
                {
                    return found;
                }

                Captures.RemoveAt(Captures.Count - 1);
            }

            return null;
        }

        private Node? TryStar(Node node, int i)
        {
            Node? star = node.Star;
            if (star is null)
            {
                return null;
            }

            bool continues = star.Keys.Length > 0 || star.Question is not null;
            for (int j = i + 1; j <= _name.Length; j++)
            {
                if (j < _name.Length)
                {
                    // After '*' only a literal can follow ('**' and '*?' are invalid), so an
                    // extent is worth trying only when the next character has an edge.
                    if (!continues || star.Child(_name[j]) is null)
                    {
                        continue;
                    }
                }
                else if (star.Pattern is null)
                {
                    continue;
                }

                if (_failed is not null && _failed.Contains((star, j)))
                {
                    continue;
                }

                Captures.Add((i, j - i));
                Node? found = Run(star, j);
                if (found is not null)
                {
                    return found;
                }

                Captures.RemoveAt(Captures.Count - 1);
                (_failed ??= []).Add((star, j));
            }

            return null;
        }
    }

    /// <summary>An immutable trie node; literal edges are kept sorted for binary search.</summary>
    private sealed class Node
    {
        public static readonly Node Empty = new([], [], null, null, null, default!);

        private Node(char[] keys, Node[] children, Node? star, Node? question, string? pattern, TValue value)
        {
            Keys = keys;
            Children = children;
            Star = star;
            Question = question;
            Pattern = pattern;
            Value = value;
        }

        public char[] Keys { get; }

        public Node[] Children { get; }

        public Node? Star { get; }

        public Node? Question { get; }

        /// <summary>The full pattern ending here, or null.</summary>
        public string? Pattern { get; }

        public TValue Value { get; }

        public bool IsEmpty => Pattern is null && Keys.Length == 0 && Star is null && Question is null;

        public Node? Child(char c)
        {
            int k = Array.BinarySearch(Keys, c);
            return k >= 0 ? Children[k] : null;
        }

        public Node WithValue(string pattern, TValue value) => new(Keys, Children, Star, Question, pattern, value);

        public Node WithoutValue() => new(Keys, Children, Star, Question, null, default!);

        public Node WithStar(Node? star) => new(Keys, Children, star, Question, Pattern, Value);

        public Node WithQuestion(Node? question) => new(Keys, Children, Star, question, Pattern, Value);

        public Node WithChild(char c, Node? child)
        {
            int k = Array.BinarySearch(Keys, c);
            char[] keys;
            Node[] children;
            if (k >= 0 && child is not null)
            {
                keys = Keys;
                children = (Node[])Children.Clone();
                children[k] = child;
            }
            else if (k >= 0)
            {
                keys = [.. Keys.AsSpan(0, k), .. Keys.AsSpan(k + 1)];
                children = [.. Children.AsSpan(0, k), .. Children.AsSpan(k + 1)];
            }
            else if (child is not null)
            {
                k = ~k;
                keys = [.. Keys.AsSpan(0, k), c, .. Keys.AsSpan(k)];
                children = [.. Children.AsSpan(0, k), child, .. Children.AsSpan(k)];
            }
            else
            {
                return this;
            }

            return new Node(keys, children, Star, Question, Pattern, Value);
        }
    }
}
