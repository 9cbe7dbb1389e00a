using System.Buffers;
using System.IO.Compression;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;

namespace CloudI.Http;

/// <summary>
/// Reads a request body within <c>body_length_read</c> bytes and <c>body_timeout</c> ms.
/// A larger body is refused with 413 rather than truncated as the reference does (a silently
/// cut document is worse than a visible error). <c>application/zip</c> bodies are inflated
/// (raw deflate, as Erlang's <c>zlib:unzip</c>) within the same limit.
/// </summary>
internal static class RequestBody
{
    /// <summary>The body, or null with the HTTP status to answer (400, 408, 413).</summary>
    public static async ValueTask<(byte[]? Body, int Status)> ReadAsync(HttpRequest request, HttpFrontArgs args)
    {
        long? declared = request.ContentLength;
        if (declared == 0)
        {
            return ([], 0);
        }

        if (declared > args.BodyLengthRead)
        {
            return (null, StatusCodes.Status413PayloadTooLarge);
        }

        if (declared is null && !request.Headers.TransferEncoding.Any())
        {
            // HTTP/1.1 without Content-Length or chunking has no body.
            if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
            {
                return ([], 0);
            }
        }

        byte[] body;
        using (var timeout = new CancellationTokenSource(args.BodyTimeout))
        {
            try
            {
                body = declared is { } length
                    ? await ReadExactAsync(request.BodyReader, (int)length, timeout.Token).ConfigureAwait(false)
                    : await ReadChunkedAsync(request.BodyReader, args.BodyLengthRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return (null, StatusCodes.Status408RequestTimeout);
            }
            catch (BadHttpRequestException e)
            {
                return (null, e.StatusCode);
            }
            catch (TooLargeException)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }
        }

        if (string.Equals(request.ContentType, "application/zip", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return (Inflate(body, args.BodyLengthRead), 0);
            }
            catch (TooLargeException)
            {
                return (null, StatusCodes.Status413PayloadTooLarge);
            }
            catch (InvalidDataException)
            {
                return (null, StatusCodes.Status400BadRequest);
            }
        }

        return (body, 0);
    }

    private static async ValueTask<byte[]> ReadExactAsync(PipeReader reader, int length, CancellationToken cancel)
    {
        byte[] body = GC.AllocateUninitializedArray<byte>(length);
        int filled = 0;
        while (true)
        {
            ReadResult read = await reader.ReadAsync(cancel).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = read.Buffer;
            if (buffer.Length > length - filled)
            {
                throw new TooLargeException();
            }

            buffer.CopyTo(body.AsSpan(filled));
            filled += (int)buffer.Length;
            reader.AdvanceTo(buffer.End);
            if (read.IsCompleted || read.IsCanceled)
            {
                break;
            }
        }

        // Kestrel completes a Content-Length body only once all of it arrived.
        return filled == length ? body : body.AsSpan(0, filled).ToArray();
    }

    private static async ValueTask<byte[]> ReadChunkedAsync(PipeReader reader, int limit, CancellationToken cancel)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(Math.Min(limit, 16384));
        int filled = 0;
        try
        {
            while (true)
            {
                ReadResult read = await reader.ReadAsync(cancel).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                if (buffer.Length > limit - filled)
                {
                    throw new TooLargeException();
                }

                if (buffer.Length > scratch.Length - filled)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(limit, Math.Max(scratch.Length * 2L,
                        filled + buffer.Length)));
                    scratch.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(scratch);
                    scratch = larger;
                }

                buffer.CopyTo(scratch.AsSpan(filled));
                filled += (int)buffer.Length;
                reader.AdvanceTo(buffer.End);
                if (read.IsCompleted || read.IsCanceled)
                {
                    return scratch.AsSpan(0, filled).ToArray();
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static byte[] Inflate(byte[] compressed, int limit)
    {
        using var input = new DeflateStream(new MemoryStream(compressed), CompressionMode.Decompress);
        using var output = new MemoryStream();
        byte[] chunk = ArrayPool<byte>.Shared.Rent(16384);
        try
        {
            int n;
            while ((n = input.Read(chunk, 0, chunk.Length)) > 0)
            {
                if (output.Length + n > limit)
                {
                    throw new TooLargeException();
                }

                output.Write(chunk, 0, n);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return output.ToArray();
    }

    private sealed class TooLargeException : Exception
    {
    }
}
