using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;

namespace HarpCaller.Hosts.Internal;

/// <summary>
/// Parses one filler script output line into a <see cref="HostEntry"/>. Pure: no I/O, no logging.
/// </summary>
/// <remarks>
/// The same format is used for the host lines of the persisted <c>host_db</c>, so one parser
/// decides what a host line is.
/// </remarks>
internal static class HostLineParser
{
    // Strict JSON: no comments, no trailing commas. The default depth cap (64) bounds the
    // work on hostile input; a host line is two levels deep.
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
    };

    /// <summary>True when the line holds only JSON whitespace (such lines are skipped silently).</summary>
    public static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (ReadOnlyMemory<byte> segment in line)
        {
            foreach (byte b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>Parses a line.</summary>
    /// <param name="line">The line without its <c>\n</c> (a trailing <c>\r</c> is JSON whitespace).</param>
    /// <param name="entry">The accepted entry.</param>
    /// <param name="rejection">Why the line was not accepted; <see cref="HostLineRejection.None"/> on success.</param>
    /// <param name="hostname">The <c>hostname</c> when it is a string, even on rejection (for the log); never anything else from the line.</param>
    public static bool TryParse(
        ReadOnlySequence<byte> line,
        [NotNullWhen(true)] out HostEntry? entry,
        out HostLineRejection rejection,
        out string? hostname)
    {
        entry = null;
        hostname = null;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, ParseOptions);
        }
        catch (JsonException)
        {
            // The exception message quotes bytes of the line; it is dropped, never logged.
            rejection = HostLineRejection.NotJson;
            return false;
        }

        using (document)
        {
            try
            {
                rejection = Validate(document.RootElement, out entry, out hostname);
            }
            catch (InvalidOperationException)
            {
                // The parser checks structure only; invalid UTF-8 inside a string surfaces when
                // the string is read. One bad line must not fail the whole run.
                entry = null;
                rejection = HostLineRejection.NotJson;
            }

            return rejection == HostLineRejection.None;
        }
    }

    private static HostLineRejection Validate(JsonElement root, out HostEntry? entry, out string? hostname)
    {
        entry = null;
        hostname = null;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return HostLineRejection.NotAnObject;
        }

        JsonElement hostnameValue = default, address = default, port = default, credentials = default;
        bool duplicate = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            // NameEquals compares the unescaped UTF-8 name without allocating a string.
            if (property.NameEquals("hostname"))
            {
                duplicate |= Take(ref hostnameValue, property.Value);
            }
            else if (property.NameEquals("address"))
            {
                duplicate |= Take(ref address, property.Value);
            }
            else if (property.NameEquals("port"))
            {
                duplicate |= Take(ref port, property.Value);
            }
            else if (property.NameEquals("credentials"))
            {
                duplicate |= Take(ref credentials, property.Value);
            }

            // Any other key is allowed and ignored (spec: extra top-level keys are allowed).
        }

        if (hostnameValue.ValueKind == JsonValueKind.String)
        {
            hostname = hostnameValue.GetString();
        }

        if (duplicate)
        {
            return HostLineRejection.DuplicateKey;
        }

        if (hostname is null)
        {
            return HostLineRejection.HostnameNotString;
        }

        if (address.ValueKind != JsonValueKind.String)
        {
            return HostLineRejection.AddressNotString;
        }

        if (port.ValueKind == JsonValueKind.Undefined)
        {
            return HostLineRejection.PortMissing;
        }

        HostLineRejection credentialsRejection = ValidateCredentials(credentials, out HostCredentials? parsedCredentials);
        if (credentialsRejection != HostLineRejection.None)
        {
            return credentialsRejection;
        }

        entry = new HostEntry(hostname, address.GetString()!, port, parsedCredentials!);
        return HostLineRejection.None;
    }

    private static HostLineRejection ValidateCredentials(JsonElement credentials, out HostCredentials? parsed)
    {
        parsed = null;
        if (credentials.ValueKind != JsonValueKind.Object)
        {
            return HostLineRejection.CredentialsNotObject;
        }

        JsonElement user = default, password = default;
        foreach (JsonProperty property in credentials.EnumerateObject())
        {
            bool duplicate;
            if (property.NameEquals("user"))
            {
                duplicate = Take(ref user, property.Value);
            }
            else if (property.NameEquals("password"))
            {
                duplicate = Take(ref password, property.Value);
            }
            else
            {
                // "Exactly user and password": an extra key means the script speaks some other format.
                return HostLineRejection.CredentialsKeys;
            }

            if (duplicate)
            {
                return HostLineRejection.CredentialsKeys;
            }
        }

        if (user.ValueKind == JsonValueKind.Undefined || password.ValueKind == JsonValueKind.Undefined)
        {
            return HostLineRejection.CredentialsKeys;
        }

        if (user.ValueKind != JsonValueKind.String || password.ValueKind != JsonValueKind.String)
        {
            return HostLineRejection.CredentialsNotStrings;
        }

        parsed = new HostCredentials(user.GetString()!, password.GetString()!);
        return HostLineRejection.None;
    }

    /// <summary>Stores the value; returns true when the key was already seen.</summary>
    private static bool Take(ref JsonElement slot, JsonElement value)
    {
        bool seen = slot.ValueKind != JsonValueKind.Undefined;
        slot = value;
        return seen;
    }
}
