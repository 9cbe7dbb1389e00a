namespace HarpCaller.Client.Tests.Support;

/// <summary>Functional tests sharing one dispatcher + TestHarpd (start-up is the slow part).</summary>
[CollectionDefinition(Name)]
public sealed class DispatcherCollection : ICollectionFixture<DispatcherFixture>
{
    public const string Name = "dispatcher";
}
