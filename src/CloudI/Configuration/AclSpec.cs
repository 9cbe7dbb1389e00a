using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>
/// A service's <c>dest_list_deny</c> or <c>dest_list_allow</c> as configured: atoms naming global
/// ACL lists and strings (patterns, or prefixes that get an implicit <c>*</c>). The names are
/// resolved with <see cref="AclTable.Resolve(AclSpec)"/> when the service starts (semantics §4).
/// </summary>
/// <param name="Entries">The atoms and strings, as given.</param>
public sealed record AclSpec(IReadOnlyList<ErlangTerm> Entries);
