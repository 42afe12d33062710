using BenchmarkDotNet.Attributes;
using Florence2.Generation;

namespace Florence2.Benchmarks;

/// <summary>
/// The per-row, per-step work of the searches on one row of 51,289 logits: log-softmax and argmax, vectorized
/// (the library) against the scalar loops they replaced (kept here as the baseline).
/// </summary>
[MemoryDiagnoser]
public class LogitsBenchmarks
{
    private const int Vocabulary = 51289;
    private readonly float[] _logits = new float[Vocabulary];
    private readonly float[] _scores = new float[Vocabulary];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(3);
        for (var i = 0; i < _logits.Length; i++)
        {
            _logits[i] = (float)((random.NextDouble() * 60) - 30);
        }
    }

    /// <summary>The library's log-softmax (TensorPrimitives).</summary>
    [Benchmark]
    public void LogSoftmax() => LogitsProcessing.LogSoftmax(_logits, _scores);

    /// <summary>The scalar log-softmax it replaced: double-precision exp per entry.</summary>
    [Benchmark(Baseline = true)]
    public void LogSoftmaxScalar()
    {
        var max = float.NegativeInfinity;
        foreach (var x in _logits)
        {
            max = Math.Max(max, x);
        }

        double sum = 0;
        foreach (var x in _logits)
        {
            sum += Math.Exp(x - max);
        }

        var logSum = max + (float)Math.Log(sum);
        for (var i = 0; i < _logits.Length; i++)
        {
            _scores[i] = _logits[i] - logSum;
        }
    }

    /// <summary>The greedy search's argmax (TensorPrimitives.IndexOfMax).</summary>
    [Benchmark]
    public int ArgMax() => System.Numerics.Tensors.TensorPrimitives.IndexOfMax(_logits);

    /// <summary>The scalar argmax it replaced.</summary>
    [Benchmark]
    public int ArgMaxScalar()
    {
        var best = 0;
        for (var i = 1; i < _logits.Length; i++)
        {
            if (_logits[i] > _logits[best])
            {
                best = i;
            }
        }

        return best;
    }
}
