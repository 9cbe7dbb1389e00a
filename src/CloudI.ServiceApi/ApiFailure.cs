using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>An API function's validation failure, answered as <c>{error, Reason}</c>.</summary>
internal sealed class ApiFailure(ErlangTerm reason) : Exception(ErlangText.Print(reason))
{
    public ErlangTerm Reason { get; } = reason;

    public static ApiFailure Of(string reason) => new(new ErlangAtom(reason));

    public static ApiFailure Of(string reason, ErlangTerm term) =>
        new(new ErlangTuple(new ErlangAtom(reason), term));
}
