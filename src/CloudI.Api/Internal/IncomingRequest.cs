namespace CloudI.Api.Internal;

/// <summary>The parsed fields of a SEND_ASYNC/SEND_SYNC message (offsets into its array, §5.2).</summary>
internal readonly record struct IncomingRequest(
    bool Sync,
    (int Offset, int Length) Name,
    (int Offset, int Length) Pattern,
    (int Offset, int Length) RequestInfo,
    (int Offset, int Length) Request,
    uint Timeout,
    sbyte Priority,
    TransId TransId,
    (int Offset, int Length) Source)
{
    /// <summary>Parses the fields after the code; the reader ends after the message.</summary>
    public static IncomingRequest Read(bool sync, ref MessageReader reader)
    {
        var name = reader.Str();
        var pattern = reader.Str();
        var info = reader.Bin();
        var request = reader.Bin();
        uint timeout = reader.U32();
        sbyte priority = reader.I8();
        TransId transId = reader.TransId();
        var source = reader.Bytes(reader.U32());
        return new(sync, name, pattern, info, request, timeout, priority, transId, source);
    }
}
