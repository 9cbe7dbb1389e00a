using Toml.Internal;

namespace Toml;

/// <summary>Entry points of the TOML 1.0 parser. Parsing is pure: only <see cref="ParseFile"/> touches the file system.</summary>
public static class TomlDocument
{
    /// <summary>Parses TOML text into its root table.</summary>
    /// <param name="text">The document.</param>
    /// <param name="fileName">Name used in error messages; null for none.</param>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.</exception>
    public static TomlTable Parse(string text, string? fileName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlParser(TomlText.Prepare(text, fileName), fileName).Parse();
    }

    /// <summary>Parses a UTF-8 encoded document (a leading byte order mark is allowed) into its root table.</summary>
    /// <param name="utf8">The document's bytes.</param>
    /// <param name="fileName">Name used in error messages; null for none.</param>
    /// <exception cref="TomlException">The bytes are not valid UTF-8 or not valid TOML 1.0.</exception>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? fileName = null) =>
        Parse(TomlText.DecodeUtf8(utf8, fileName), fileName);

    /// <summary>Reads and parses a UTF-8 TOML file; errors name the file as <paramref name="path"/>.</summary>
    /// <exception cref="TomlException">The file is not valid UTF-8 or not valid TOML 1.0.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read.</exception>
    public static TomlTable ParseFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Parse(File.ReadAllBytes(path), path);
    }
}
