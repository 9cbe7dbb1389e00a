namespace CloudI.Configuration;

/// <summary>
/// The <c>monkey_latency</c> test option: a random delay (milliseconds) added before each request
/// is handled. Exactly one method is set (uniform min/max, gaussian mean/stddev, or absolute),
/// unless <see cref="System"/> asks for the runtime-wide setting.
/// </summary>
/// <param name="UniformMin">Uniform distribution minimum (with <paramref name="UniformMax"/>).</param>
/// <param name="UniformMax">Uniform distribution maximum.</param>
/// <param name="GaussianMean">Gaussian distribution mean (with <paramref name="GaussianStdDev"/>).</param>
/// <param name="GaussianStdDev">Gaussian distribution standard deviation.</param>
/// <param name="Absolute">A fixed delay.</param>
/// <param name="System">True for <c>{monkey_latency, system}</c>: use the runtime's setting.</param>
public sealed record MonkeyLatency(
    double? UniformMin,
    double? UniformMax,
    double? GaussianMean,
    double? GaussianStdDev,
    double? Absolute,
    bool System);
