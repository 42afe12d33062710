namespace Florence2.Architecture;

/// <summary>
/// Rooms that reach each other through arrows (a strongly connected component with more than one room), and the
/// arrows between them. Each of those arrows lies on a circle; <see cref="CircleArrow.Loop"/> shows one.
/// </summary>
internal sealed record Circle(IReadOnlyList<string> Rooms, IReadOnlyList<CircleArrow> Arrows);

/// <summary>An arrow inside a circle and the shortest way back: <c>Loop</c> starts at its From room and ends there again.</summary>
internal sealed record CircleArrow(Arrow Arrow, IReadOnlyList<string> Loop);
