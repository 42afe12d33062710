namespace Florence2.Tests.Support;

/// <summary>
/// Test classes that run on their own, after the parallel ones: <see cref="CollectionPressure"/> stops every thread
/// of the test host for a collection hundreds of times a second, which would stretch the timing of tests running
/// beside it (a call meant to still be waiting in a micro-batch window could finish first).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RunsAlone
{
    public const string Name = "Runs alone";
}
