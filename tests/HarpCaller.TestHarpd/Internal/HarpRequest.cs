using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// A well-formed request line. Owns the parsed document (which points into the connection's
/// read buffer, so it must be disposed before that buffer is released).
/// </summary>
/// <remarks>
/// Not a record, and the password is only reachable through <see cref="PasswordEquals"/>: nothing
/// that prints or logs a request can leak it.
/// </remarks>
internal sealed class HarpRequest : IDisposable
{
    private readonly JsonDocument _document;
    private readonly JsonElement _password;

    public HarpRequest(JsonDocument document, string procedure, JsonElement arguments, string user, JsonElement password)
    {
        _document = document;
        Procedure = procedure;
        Arguments = arguments;
        User = user;
        _password = password;
    }

    public string Procedure { get; }

    /// <summary>A JSON array or object.</summary>
    public JsonElement Arguments { get; }

    public string User { get; }

    /// <summary>Compares the request's password with <paramref name="expectedUtf8"/> in constant time.</summary>
    public bool PasswordEquals(ReadOnlySpan<byte> expectedUtf8)
    {
        byte[] actual = Encoding.UTF8.GetBytes(_password.GetString() ?? string.Empty);
        try
        {
            return CryptographicOperations.FixedTimeEquals(actual, expectedUtf8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(actual);
        }
    }

    public void Dispose() => _document.Dispose();
}
