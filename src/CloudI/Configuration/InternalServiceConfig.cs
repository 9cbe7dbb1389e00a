using Erlang.Terms;

namespace CloudI.Configuration;

/// <summary>An in-process service (CloudI's "internal" service): the .NET counterpart of an Erlang service module.</summary>
public sealed record InternalServiceConfig : ServiceConfig
{
    /// <summary>The module atom's name, or the string given instead; the runtime maps it to a .NET service type.</summary>
    public string Module { get; init; } = string.Empty;

    /// <summary>True when <see cref="Module"/> was given as a string (CloudI: a module file path) rather than an atom.</summary>
    public bool ModuleIsString { get; init; }

    /// <summary>The initialization arguments, as configured.</summary>
    public IReadOnlyList<ErlangTerm> Args { get; init; } = [];
}
