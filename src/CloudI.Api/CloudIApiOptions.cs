namespace CloudI.Api;

/// <summary>Choices a service makes when it creates a <see cref="CloudIApi"/>.</summary>
public sealed record CloudIApiOptions
{
    /// <summary>The environment variable that selects the 1.5.3 layout when it is <c>1.5.3</c>.</summary>
    public const string VersionVariable = "CLOUDI_API_VERSION";

    /// <summary>
    /// The wire layout; null (the default) reads <see cref="VersionVariable"/>: <c>1.5.3</c> selects
    /// <see cref="ApiWireVersion.Version153"/>, anything else (or nothing) <see cref="ApiWireVersion.Version20"/>.
    /// The runtime replaces the child's environment, so the variable must be in the service's <c>env</c> list.
    /// </summary>
    public ApiWireVersion? WireVersion { get; init; }

    /// <summary>The layout these options select, resolving the environment when <see cref="WireVersion"/> is null.</summary>
    public ApiWireVersion ResolveWireVersion() =>
        WireVersion ?? (Environment.GetEnvironmentVariable(VersionVariable) == "1.5.3"
            ? ApiWireVersion.Version153
            : ApiWireVersion.Version20);
}
