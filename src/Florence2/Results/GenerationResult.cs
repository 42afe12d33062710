namespace Florence2;

/// <summary>
/// The raw answer of one <see cref="Florence2ModelExtensions.Generate"/> call: the prompt as sent, the generated tokens and
/// their text with special tokens kept (location tokens such as <c>&lt;loc_53&gt;</c> included). Immutable.
/// </summary>
public sealed class GenerationResult
{
    /// <summary>Creates the result.</summary>
    public GenerationResult(string task, string prompt, IReadOnlyList<int> promptTokenIds, IReadOnlyList<int> generatedTokenIds,
        string text, double score, ImageSize imageSize, StageTimings timings)
    {
        Task = task;
        Prompt = prompt;
        PromptTokenIds = promptTokenIds;
        GeneratedTokenIds = generatedTokenIds;
        Text = text;
        Score = score;
        ImageSize = imageSize;
        Timings = timings;
    }

    /// <summary>The task token (or free prompt) the call was made with.</summary>
    public string Task { get; }

    /// <summary>The English prompt the task expanded to, as tokenized.</summary>
    public string Prompt { get; }

    /// <summary>Prompt ids, <c>&lt;s&gt;</c> first and <c>&lt;/s&gt;</c> last.</summary>
    public IReadOnlyList<int> PromptTokenIds { get; }

    /// <summary>Generated ids, starting with the decoder start token (2).</summary>
    public IReadOnlyList<int> GeneratedTokenIds { get; }

    /// <summary>The generated ids decoded with special tokens kept, e.g. <c>&lt;/s&gt;&lt;s&gt;car&lt;loc_53&gt;…&lt;/s&gt;</c>.</summary>
    public string Text { get; }

    /// <summary>Score of the sequence (see <see cref="GeneratedSequence.Score"/>).</summary>
    public double Score { get; }

    /// <summary>Size of the original image; location bins are relative to it.</summary>
    public ImageSize ImageSize { get; }

    /// <summary>Time per stage.</summary>
    public StageTimings Timings { get; }

    /// <summary>Each generated token's processed log-probability (see <see cref="GeneratedSequence.TokenLogProbs"/>).</summary>
    public IReadOnlyList<float> TokenLogProbs { get; init; } = [];

    /// <summary>True when generation stopped at the token limit: the answer may be cut short.</summary>
    public bool IsTruncated { get; init; }

    /// <summary>How many image tokens (vision features) the encoder read before the prompt: 577 for Florence-2 at 768 × 768.</summary>
    public int ImageTokenCount { get; init; }
}
