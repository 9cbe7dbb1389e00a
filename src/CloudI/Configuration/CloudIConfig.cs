namespace CloudI.Configuration;

/// <summary>A whole configuration file (<c>cloudi.conf</c>), validated.</summary>
/// <param name="Acl">The global named ACL lists.</param>
/// <param name="Services">The services, in file order (the order they start in).</param>
/// <param name="Nodes">The nodes section.</param>
/// <param name="Logging">The logging section.</param>
/// <param name="FileName">The file it was read from, if any.</param>
public sealed record CloudIConfig(
    AclTable Acl, IReadOnlyList<ServiceConfig> Services, NodesConfig Nodes, LoggingConfig Logging, string? FileName);
