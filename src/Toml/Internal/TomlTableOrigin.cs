namespace Toml.Internal;

/// <summary>How a table came to exist. TOML's redefinition rules depend on it, not on the table's content.</summary>
internal enum TomlTableOrigin
{
    /// <summary>The root table.</summary>
    Root,

    /// <summary>Created as a parent of a [header] path; a later [header] may still define it, once.</summary>
    Implicit,

    /// <summary>Defined by its own [header]; dotted keys from a parent may not add to it.</summary>
    Header,

    /// <summary>An element of an array of tables ([[header]]); same rules as <see cref="Header"/>.</summary>
    ArrayElement,

    /// <summary>Created by dotted keys; a [header] may not define it but may define tables below it.</summary>
    Dotted,

    /// <summary>An inline table or a table inside one: complete when written, never extended.</summary>
    Inline,
}
