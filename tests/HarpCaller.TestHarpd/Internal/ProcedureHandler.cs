namespace HarpCaller.TestHarpd.Internal;

/// <summary>
/// A built-in procedure: writes its replies (acknowledgement included) through
/// <paramref name="connection"/> and says how the connection ends. Replies still buffered when it
/// returns are flushed by the caller.
/// </summary>
internal delegate ValueTask<CloseMode> ProcedureHandler(HarpConnection connection, ProcedureArguments arguments);
