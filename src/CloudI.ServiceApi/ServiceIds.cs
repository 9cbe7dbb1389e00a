using Erlang.Terms;

namespace CloudI.ServiceApi;

/// <summary>
/// Service ids as the Service API takes and prints them: accepted as 36-character dashed or
/// 32-character hex strings (or binaries of those, or 16-byte binaries), printed as 32
/// lowercase hex characters.
/// </summary>
public static class ServiceIds
{
    /// <summary>The printed form: 32 lowercase hex characters.</summary>
    public static string Format(Guid id) => id.ToString("N");

    /// <summary>The printed form as an Erlang string term.</summary>
    public static ErlangList ToTerm(Guid id) => ErlangList.FromString(Format(id));

    /// <summary>Reads an id term; false if it is none of the accepted forms.</summary>
    public static bool TryParse(ErlangTerm term, out Guid id)
    {
        id = Guid.Empty;
        switch (term)
        {
            case ErlangList list when list.TryGetString(out string text):
                return TryParse(text, out id);
            case ErlangBinary { Length: 16 } raw:
                id = new Guid(raw.Bytes.AsSpan(), bigEndian: true);
                return true;
            case ErlangBinary binary when binary.Length is 32 or 36:
                return TryParse(System.Text.Encoding.ASCII.GetString(binary.Bytes.AsSpan()), out id);
            default:
                return false;
        }
    }

    /// <summary>Reads a dashed (36) or plain (32) hex id; false otherwise.</summary>
    public static bool TryParse(string text, out Guid id)
    {
        id = Guid.Empty;
        return text.Length switch
        {
            36 => Guid.TryParseExact(text, "D", out id),
            32 => Guid.TryParseExact(text, "N", out id),
            _ => false,
        };
    }
}
