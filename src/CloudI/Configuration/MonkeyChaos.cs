namespace CloudI.Configuration;

/// <summary>
/// The <c>monkey_chaos</c> test option: terminate a service process with a probability per request
/// or spread over a day. Exactly one probability is set unless <see cref="System"/> asks for the
/// runtime-wide setting.
/// </summary>
/// <param name="ProbabilityRequest">Probability (0..1) that a request terminates the process.</param>
/// <param name="ProbabilityDay">Probability (0..1) of termination at a random time each day.</param>
/// <param name="System">True for <c>{monkey_chaos, system}</c>: use the runtime's setting.</param>
public sealed record MonkeyChaos(double? ProbabilityRequest, double? ProbabilityDay, bool System);
