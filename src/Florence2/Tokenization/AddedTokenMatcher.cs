namespace Florence2.Tokenization;

/// <summary>
/// Finds added tokens in text by exact match, leftmost first and longest at a position (as Hugging Face does), with
/// a character trie: a position that cannot start a token costs one lookup. Immutable after construction.
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Node _root = new();

    /// <summary>Builds the trie of <paramref name="tokens"/>; empty strings are ignored.</summary>
    public AddedTokenMatcher(IEnumerable<string> tokens)
    {
        foreach (string token in tokens)
        {
            Node node = _root;
            foreach (char c in token)
            {
                node = node.GetOrAddChild(c);
            }

            node.IsTokenEnd = token.Length > 0;
        }
    }

    /// <summary>Length of the longest added token starting at <paramref name="start"/>, or 0 when none does.</summary>
    public int MatchLengthAt(ReadOnlySpan<char> text, int start)
    {
        Node node = _root;
        int longest = 0;
        for (int i = start; i < text.Length && node.TryGetChild(text[i], out node); i++)
        {
            if (node.IsTokenEnd)
            {
                longest = i - start + 1;
            }
        }

        return longest;
    }

    private sealed class Node
    {
        private Dictionary<char, Node>? _children;

        public bool IsTokenEnd { get; set; }

        public Node GetOrAddChild(char c)
        {
            _children ??= [];
            if (!_children.TryGetValue(c, out Node? child))
            {
                child = new Node();
                _children.Add(c, child);
            }

            return child;
        }

        public bool TryGetChild(char c, out Node child)
        {
            if (_children is not null && _children.TryGetValue(c, out Node? found))
            {
                child = found;
                return true;
            }

            child = this;
            return false;
        }
    }
}
