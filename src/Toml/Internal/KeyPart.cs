namespace Toml.Internal;

/// <summary>One part of a (dotted) key and its offset in the text, for error positions.</summary>
internal readonly record struct KeyPart(string Name, int Offset);
