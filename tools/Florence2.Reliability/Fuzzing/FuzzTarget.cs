namespace Florence2.Reliability.Fuzzing;

/// <summary>Typed base of <see cref="IFuzzTarget"/>: a target works with its own input type.</summary>
internal abstract class FuzzTarget<TInput> : IFuzzTarget
    where TInput : notnull
{
    public abstract string Name { get; }

    public virtual long? AllocationLimit => null;

    object IFuzzTarget.Generate(Random random) => Generate(random);

    void IFuzzTarget.Execute(object input) => Execute((TInput)input);

    bool IFuzzTarget.IsExpected(object input, Exception exception) => IsExpected((TInput)input, exception);

    void IFuzzTarget.Save(object input, string pathWithoutExtension) => Save((TInput)input, pathWithoutExtension);

    protected abstract TInput Generate(Random random);

    protected abstract void Execute(TInput input);

    protected abstract bool IsExpected(TInput input, Exception exception);

    protected abstract void Save(TInput input, string pathWithoutExtension);
}
