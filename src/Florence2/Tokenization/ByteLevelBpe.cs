using System.Text;

namespace Florence2.Tokenization;

/// <summary>
/// The BPE merge loop over one pre-token in O(n log n) time: the word's bytes become a doubly linked list of
/// symbols, candidate merges wait in a priority queue ordered by merge rank and then position, and a merge unlinks
/// one symbol in O(1); at most three queue entries per byte (the first pairs, then two per merge). It gives the ids of Microsoft.ML.Tokenizers'
/// <c>BpeTokenizer</c> (always the lowest-ranked pair present, the leftmost on ties), whose own loop (2.0.1) ends by
/// removing the merged-away symbols from an array one element shift at a time, which is quadratic in the word's
/// length (76 s for a 1,000,000-letter word).
/// </summary>
/// <remarks>
/// Immutable after construction; <see cref="EncodeWord"/> keeps its scratch state in the caller's
/// <see cref="Workspace"/>, so one instance serves many threads.
/// </remarks>
internal sealed class ByteLevelBpe
{
    private const int NoSymbol = -1;

    // Up to this many symbols a word is merged by scanning its pairs (quadratic, but cheaper than a queue when short).
    private const int ShortWordSymbols = 16;

    // Vocabulary id of each byte's alphabet character, or NoSymbol when the vocabulary lacks it.
    private readonly int[] _idByByte;

    // (left id, right id) packed into a long -> merge rank (its line in merges.txt) and the id of the merged token.
    private readonly Dictionary<long, (int Rank, int MergedId)> _merges;

    private ByteLevelBpe(int[] idByByte, Dictionary<long, (int Rank, int MergedId)> merges, int maxTokenBytes)
    {
        _idByByte = idByByte;
        _merges = merges;
        MaxTokenBytes = maxTokenBytes;
        CoversEveryByte = Array.IndexOf(idByByte, NoSymbol) < 0;
    }

    /// <summary>
    /// The most bytes one token of this model can stand for: the longest merged token (a merge joins the bytes of
    /// its two parts), or 1 without merges.
    /// </summary>
    public int MaxTokenBytes { get; }

    /// <summary>
    /// Whether every one of the 256 byte characters is in the vocabulary. Otherwise a byte without one is left out
    /// of the ids, as <c>BpeTokenizer</c> does without an unknown token, and a text's length bounds nothing.
    /// </summary>
    public bool CoversEveryByte { get; }

    /// <summary>Builds the merge table from a definition whose merges <c>BpeTokenizer</c> has already accepted.</summary>
    /// <exception cref="ModelConfigException">A merge names a token that is not in the vocabulary, or repeats a pair.</exception>
    public static ByteLevelBpe Create(TokenizerDefinition definition, string definitionPath)
    {
        var vocabulary = definition.Vocabulary;
        var merges = new Dictionary<long, (int Rank, int MergedId)>(definition.Merges.Count, PairComparer.Instance);
        int maxTokenBytes = 1;
        for (int rank = 0; rank < definition.Merges.Count; rank++)
        {
            string merge = definition.Merges[rank];
            int space = merge.IndexOf(' ', StringComparison.Ordinal);
            string left = merge[..space];
            string right = merge[(space + 1)..];
            string merged = string.Concat(left, right);
            if (!vocabulary.TryGetValue(left, out int leftId) || !vocabulary.TryGetValue(right, out int rightId) || !vocabulary.TryGetValue(merged, out int mergedId))
            {
                throw new ModelConfigException(definitionPath, "model.merges", $"the merge \"{merge}\" joins or makes a token that is not in the vocabulary.");
            }

            if (!merges.TryAdd(Pack(leftId, rightId), (rank, mergedId)))
            {
                throw new ModelConfigException(definitionPath, "model.merges", $"the merge \"{merge}\" appears more than once.");
            }

            maxTokenBytes = Math.Max(maxTokenBytes, merged.Length);
        }

        var idByByte = new int[256];
        for (int b = 0; b < idByByte.Length; b++)
        {
            idByByte[b] = vocabulary.TryGetValue(ByteLevelAlphabet.GetChar((byte)b).ToString(), out int id) ? id : NoSymbol;
        }

        return new ByteLevelBpe(idByByte, merges, maxTokenBytes);
    }

    /// <summary>Appends the ids of one pre-token (text without added tokens) to <paramref name="ids"/>.</summary>
    /// <exception cref="OperationCanceledException">The call was cancelled (checked every few thousand bytes or merge steps).</exception>
    public void EncodeWord(ReadOnlySpan<char> word, List<int> ids, Workspace workspace, EncodeWork work)
    {
        int byteCount = Encoding.UTF8.GetByteCount(word);
        work.AddBpeWord(byteCount);
        byte[] bytes = workspace.Bytes(byteCount);
        Encoding.UTF8.GetBytes(word, bytes);

        // The symbols: each byte's id, linked both ways; a byte the vocabulary lacks is left out.
        int[] symbol = workspace.Symbols(byteCount);
        int[] previous = workspace.Previous(byteCount);
        int[] next = workspace.Next(byteCount);
        int count = 0;
        for (int i = 0; i < byteCount; i++)
        {
            int id = _idByByte[bytes[i]];
            if (id != NoSymbol)
            {
                symbol[count] = id;
                previous[count] = count - 1;
                next[count] = count + 1;
                count++;
            }
        }

        if (count == 0)
        {
            return;
        }

        next[count - 1] = NoSymbol;
        if (count <= ShortWordSymbols)
        {
            MergeShortWord(symbol, next, count, work);
        }
        else
        {
            MergeLongWord(symbol, previous, next, count, workspace.Queue, work);
        }

        // The first symbol is never merged away (a merge keeps its left symbol).
        for (int i = 0; i != NoSymbol; i = next[i])
        {
            ids.Add(symbol[i]);
        }
    }

    // A short word (most words) scans its pairs for the best merge: no queue to fill, and a few dozen lookups.
    private void MergeShortWord(int[] symbol, int[] next, int count, EncodeWork work)
    {
        while (true)
        {
            int bestLeft = NoSymbol;
            int bestRank = int.MaxValue;
            int bestMergedId = 0;
            for (int left = 0, right = next[0]; right != NoSymbol; left = right, right = next[right])
            {
                // Strictly lower: on equal ranks the leftmost pair wins.
                if (_merges.TryGetValue(Pack(symbol[left], symbol[right]), out var merge) && merge.Rank < bestRank)
                {
                    (bestLeft, bestRank, bestMergedId) = (left, merge.Rank, merge.MergedId);
                }
            }

            if (bestLeft == NoSymbol)
            {
                return;
            }

            work.AddMergeStep();
            int merged = next[bestLeft];
            symbol[bestLeft] = bestMergedId;
            symbol[merged] = NoSymbol;
            next[bestLeft] = next[merged];
        }
    }

    private void MergeLongWord(int[] symbol, int[] previous, int[] next, int count, PriorityQueue<int, long> queue, EncodeWork work)
    {
        queue.Clear();
        for (int i = 0; i + 1 < count; i++)
        {
            work.AddMergeStep(); // filling the queue of a long word takes long too
            Enqueue(queue, i, symbol[i], symbol[i + 1]);
        }

        while (queue.TryDequeue(out int left, out long order))
        {
            work.AddMergeStep();
            int right = next[left];

            // A stale entry: its left symbol was merged away, or the pair there is no longer the one queued (the
            // rank names the pair: symbols only grow, so a later pair at the same place is a different merge).
            if (symbol[left] == NoSymbol || right == NoSymbol
                || !_merges.TryGetValue(Pack(symbol[left], symbol[right]), out var merge) || merge.Rank != (int)(order >> 32))
            {
                continue;
            }

            symbol[left] = merge.MergedId;
            symbol[right] = NoSymbol;
            int after = next[right];
            next[left] = after;
            if (after != NoSymbol)
            {
                previous[after] = left;
                Enqueue(queue, left, symbol[left], symbol[after]);
            }

            if (previous[left] != NoSymbol)
            {
                Enqueue(queue, previous[left], symbol[previous[left]], symbol[left]);
            }
        }
    }

    private void Enqueue(PriorityQueue<int, long> queue, int position, int leftId, int rightId)
    {
        if (_merges.TryGetValue(Pack(leftId, rightId), out var merge))
        {
            // Lowest rank first, then leftmost: the order BpeTokenizer (and Hugging Face's BPE) merges in.
            queue.Enqueue(position, ((long)merge.Rank << 32) | (uint)position);
        }
    }

    private static long Pack(int leftId, int rightId) => ((long)leftId << 32) | (uint)rightId;

    // long.GetHashCode folds the two ids together with XOR, so pairs of small ids collide in droves; mix them instead.
    private sealed class PairComparer : IEqualityComparer<long>
    {
        public static readonly PairComparer Instance = new();

        public bool Equals(long x, long y) => x == y;

        public int GetHashCode(long pair) => (int)(((ulong)pair * 0x9E3779B97F4A7C15UL) >> 32); // Fibonacci hashing
    }

    /// <summary>Scratch arrays and queue of one encode call, grown as needed and reused word after word. Not thread-safe.</summary>
    internal sealed class Workspace
    {
        private byte[] _bytes = [];
        private int[] _symbols = [];
        private int[] _previous = [];
        private int[] _next = [];

        public PriorityQueue<int, long> Queue { get; } = new();

        public byte[] Bytes(int length) => Grow(ref _bytes, length);

        public int[] Symbols(int length) => Grow(ref _symbols, length);

        public int[] Previous(int length) => Grow(ref _previous, length);

        public int[] Next(int length) => Grow(ref _next, length);

        private static T[] Grow<T>(ref T[] array, int length)
        {
            if (array.Length < length)
            {
                array = new T[Math.Max(length, Math.Min(array.Length * 2, Array.MaxLength))];
            }

            return array;
        }
    }
}
