namespace Florence2;

/// <summary>What the text stage generated for one prompt: token ids and score, with stage timings.</summary>
public sealed class GeneratedSequence
{
    /// <summary>Creates the result.</summary>
    public GeneratedSequence(IReadOnlyList<int> tokenIds, double score, int decoderSteps, TimeSpan encodingTime, TimeSpan decodingTime)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        TokenIds = tokenIds;
        Score = score;
        DecoderSteps = decoderSteps;
        EncodingTime = encodingTime;
        DecodingTime = decodingTime;
    }

    /// <summary>Generated ids, starting with the decoder start token and ending with EOS unless the length limit cut it.</summary>
    public IReadOnlyList<int> TokenIds { get; }

    /// <summary>
    /// Beam search: the length-normalized sum of log-probabilities of the chosen hypothesis. Greedy: the sum of
    /// the chosen tokens' log-probabilities (forced tokens count 0).
    /// </summary>
    public double Score { get; }

    /// <summary>Number of decoder runs.</summary>
    public int DecoderSteps { get; }

    /// <summary>Time spent embedding the prompt and running the text encoder.</summary>
    public TimeSpan EncodingTime { get; }

    /// <summary>Time spent in the decoder loop.</summary>
    public TimeSpan DecodingTime { get; }
}
