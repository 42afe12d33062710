namespace Florence2.Runtime;

/// <summary>Which execution provider one module's session ended up on, and why the providers before it were passed over.</summary>
/// <param name="Module">The module.</param>
/// <param name="Used">The provider the session was created with.</param>
/// <param name="Skipped">One line per provider that was tried and could not be used, in the order tried.</param>
/// <param name="FellBackToCpu">True when no listed provider worked and the CPU was used because fallback is allowed.</param>
internal sealed record ProviderResolution(ModelModule Module, ExecutionProviderChoice Used, IReadOnlyList<string> Skipped, bool FellBackToCpu);
