namespace CloudI.Examples;

/// <summary>A messaging run found a result other than CloudI's; the message says exactly what differed.</summary>
public sealed class MessagingCheckException(string message) : Exception(message);
