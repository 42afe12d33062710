namespace Florence2.Parsing;

/// <summary>
/// Phrases that phrase grounding leaves out: pronouns, determiners and generic words the model tends to ground to
/// the whole image. The reference's list (<c>_create_black_list_of_phrase_grounding</c>, spec section 3.6), duplicates
/// removed; matched exactly and case-sensitively against the trimmed phrase.
/// </summary>
internal static class GroundingBlacklist
{
    private static readonly HashSet<string> Phrases = new(StringComparer.Ordinal)
    {
        "it", "I", "me", "mine", "you", "your", "yours", "he", "him", "his", "she", "her", "hers", "they", "them",
        "their", "theirs", "one", "oneself", "we", "us", "our", "ours", "its", "myself", "yourself", "himself",
        "herself", "itself", "ourselves", "yourselves", "themselves", "this", "that", "these", "those", "who", "whom",
        "whose", "which", "what", "all", "another", "any", "anybody", "anyone", "anything", "each", "everybody",
        "everyone", "everything", "few", "many", "nobody", "none", "several", "some", "somebody", "someone",
        "something", "each other", "one another", "the image", "image", "images", "the", "a", "an", "a group",
        "other objects", "lots", "a set",
    };

    /// <summary>Whether <paramref name="phrase"/> (already trimmed) is left out.</summary>
    public static bool Contains(string phrase) => Phrases.Contains(phrase);
}
