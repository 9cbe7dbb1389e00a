namespace CloudI.Api;

/// <summary>
/// What a <see cref="RequestHandler"/> returns: the response and its info, sent as the
/// <c>return_*</c> that ends the request. <c>default</c> (or an empty/null byte array) is a null
/// response: the sender gets nothing (it times out) unless its timeout allows immediate null
/// responses. Converts implicitly from <c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> and string (UTF-8).
/// </summary>
/// <param name="ResponseInfo">The response's metadata (e.g. <c>key\0value\0</c> headers).</param>
/// <param name="Response">The response body.</param>
public readonly record struct Reply(ReadOnlyMemory<byte> ResponseInfo, ReadOnlyMemory<byte> Response)
{
    /// <summary>The null response.</summary>
    public static Reply Null => default;

    /// <summary>A response without info.</summary>
    public static implicit operator Reply(byte[]? response) => new(default, response);

    /// <summary>A response without info.</summary>
    public static implicit operator Reply(ReadOnlyMemory<byte> response) => new(default, response);

    /// <summary>A UTF-8 text response without info.</summary>
    public static implicit operator Reply(string? response) =>
        new(default, response is null ? default : System.Text.Encoding.UTF8.GetBytes(response));

    /// <summary>A response without info (the named form of the implicit conversion).</summary>
    public static Reply FromResponse(ReadOnlyMemory<byte> response) => new(default, response);
}
