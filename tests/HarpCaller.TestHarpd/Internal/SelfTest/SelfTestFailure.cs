namespace HarpCaller.TestHarpd.Internal.SelfTest;

/// <summary>A self-test expectation that did not hold.</summary>
internal sealed class SelfTestFailure(string message) : Exception(message);
