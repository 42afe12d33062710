namespace Florence2;

/// <summary>What the text stage generated for one prompt: token ids and score, with stage timings.</summary>
public sealed class GeneratedSequence
{
    /// <summary>Creates the result.</summary>
    /// <exception cref="ArgumentException">The log-probabilities do not match the tokens one to one.</exception>
    public GeneratedSequence(IReadOnlyList<int> tokenIds, IReadOnlyList<float> tokenLogProbs, bool isTruncated, double score,
        int decoderSteps, TimeSpan encodingTime, TimeSpan decodingTime)
    {
        ArgumentNullException.ThrowIfNull(tokenIds);
        ArgumentNullException.ThrowIfNull(tokenLogProbs);
        if (tokenLogProbs.Count != tokenIds.Count)
        {
            throw new ArgumentException($"Expected one log-probability per token ({tokenIds.Count}), got {tokenLogProbs.Count}.", nameof(tokenLogProbs));
        }

        TokenIds = tokenIds;
        TokenLogProbs = tokenLogProbs;
        IsTruncated = isTruncated;
        Score = score;
        DecoderSteps = decoderSteps;
        EncodingTime = encodingTime;
        DecodingTime = decodingTime;
    }

    /// <summary>Generated ids, starting with the decoder start token and ending with EOS unless the length limit cut it.</summary>
    public IReadOnlyList<int> TokenIds { get; }

    /// <summary>
    /// Each token's log-probability after the logits processors, as the search saw it (Hugging Face's transition
    /// scores): 0 for the start token and for forced tokens. Location-token scores are built from these.
    /// </summary>
    public IReadOnlyList<float> TokenLogProbs { get; }

    /// <summary>True when generation stopped at the token limit rather than at a freely chosen EOS.</summary>
    public bool IsTruncated { get; }

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

    /// <summary>The part of <see cref="EncodingTime"/> spent inside ONNX Runtime's Run calls.</summary>
    public TimeSpan EncodingInferenceTime { get; init; }

    /// <summary>The part of <see cref="DecodingTime"/> spent inside ONNX Runtime's Run calls.</summary>
    public TimeSpan DecodingInferenceTime { get; init; }
}
