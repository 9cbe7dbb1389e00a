namespace CloudI.External.Tests.Python;

/// <summary>
/// The runtime tests with Python services run one at a time and alone (no other test class in
/// parallel): they spawn many processes, which the descriptor-leak tests of Spawning would see.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PythonCollection
{
    public const string Name = "Python";
}
