namespace Toml.Internal;

/// <summary>A table slot: the value and where its key was written.</summary>
internal readonly record struct TomlTableEntry(TomlValue Value, int Line, int Column);
