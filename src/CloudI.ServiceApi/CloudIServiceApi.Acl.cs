using Erlang.Terms;
using static CloudI.ServiceApi.ApiTerms;

namespace CloudI.ServiceApi;

/// <summary><c>acl_add</c>, <c>acl_remove</c>, <c>acl</c>.</summary>
public sealed partial class CloudIServiceApi
{
    private ErlangTerm AclAdd(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false, IsStringLiteral: false })
        {
            throw ApiFailure.Of("acl_invalid", argument);
        }

        _runtime.Acl.AddTerm(argument);
        return Ok;
    }

    private ErlangTerm AclRemove(ErlangTerm argument)
    {
        if (argument is not ErlangList { IsProper: true, IsEmpty: false } list || list.Elements.Any(e => e is not ErlangAtom))
        {
            throw ApiFailure.Of("acl_invalid", argument);
        }

        foreach (ErlangAtom name in list.Elements.Cast<ErlangAtom>())
        {
            _runtime.Acl.Remove(name.Name);
        }

        return Ok;
    }

    private ErlangTerm Acl() =>
        OkValue(List(_runtime.Acl.Expanded()
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => (ErlangTerm)new ErlangTuple(AtomOrString(p.Key), List(p.Value.Select(Str))))));
}
