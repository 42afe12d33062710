using System.Diagnostics;
using System.Globalization;
using System.Text;
using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Reliability.Probes;

/// <summary>
/// Encodes one long word as a prompt of the released models (577 image tokens, 1024 positions), as Florence2Model
/// does (with the encoder's budget and the call's token), or without a budget, and reports what happened and how
/// long it took, optionally cancelling mid-way: the measurement behind the long-prompt row of
/// docs/reliability.md. Run it under <c>/usr/bin/time -v</c> for the peak memory.
/// </summary>
internal static class LongWordProbe
{
    private const int ImageTokens = 577;
    private const int MaxPositions = 1024;

    /// <param name="length">Characters of the word.</param>
    /// <param name="kind"><c>repeated</c> (one letter) or <c>random</c> (random lower-case letters, seed 1).</param>
    /// <param name="budget"><c>released</c> (the facade's budget) or <c>none</c> (tokenize the whole word).</param>
    /// <param name="cancelAfter">When set, the call's token is cancelled after this long.</param>
    /// <param name="output">Where the report goes.</param>
    public static int Run(int length, string kind, string budget, TimeSpan? cancelAfter, TextWriter output)
    {
        string word = kind switch
        {
            "repeated" => new string('a', length),
            _ => RandomLetters(length),
        };
        string directory = Path.Combine(Path.GetTempPath(), "florence2-long-word", Guid.NewGuid().ToString("N"));
        TestTokenizerFiles.Write(directory);
        try
        {
            var tokenizer = FlorenceTokenizer.Load(directory);
            using var cancellation = new CancellationTokenSource();
            var cancelledAt = TimeSpan.Zero;
            var clock = Stopwatch.StartNew();
            using var timer = cancelAfter is { } delay
                ? new Timer(_ => { cancelledAt = clock.Elapsed; cancellation.Cancel(); }, null, delay, Timeout.InfiniteTimeSpan)
                : null;
            string outcome;
            try
            {
                int[] ids = budget == "none"
                    ? tokenizer.Encode(word, cancellation.Token)
                    : tokenizer.Encode(word, new PromptTokenBudget(ImageTokens, MaxPositions, "text"), cancellation.Token);
                outcome = string.Create(CultureInfo.InvariantCulture, $"encoded to {ids.Length} ids");
            }
            catch (Exception e) when (e is PromptTooLongException or OperationCanceledException)
            {
                outcome = $"{e.GetType().Name}: {e.Message}";
            }

            var elapsed = clock.Elapsed;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{kind} word of {length} chars ({Encoding.UTF8.GetByteCount(word)} UTF-8 bytes): {elapsed.TotalMilliseconds:F1} ms"));
            if (cancelAfter is not null)
            {
                output.WriteLine(cancelledAt == TimeSpan.Zero
                    ? "returned before the cancel"
                    : string.Create(CultureInfo.InvariantCulture, $"cancelled at {cancelledAt.TotalMilliseconds:F1} ms, returned {(elapsed - cancelledAt).TotalMilliseconds:F1} ms after it"));
            }

            output.WriteLine(outcome);
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string RandomLetters(int length)
    {
        var random = new Random(1);
        var letters = new char[length];
        for (int i = 0; i < length; i++)
        {
            letters[i] = (char)random.Next('a', 'z' + 1);
        }

        return new string(letters);
    }
}
