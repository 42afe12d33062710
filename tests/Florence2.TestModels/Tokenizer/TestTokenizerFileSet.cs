namespace Florence2.TestModels;

/// <summary>Which tokenizer files <see cref="TestTokenizerFiles.Write"/> writes, and in which variant.</summary>
[Flags]
public enum TestTokenizerFileSet
{
    /// <summary>No file.</summary>
    None = 0,

    /// <summary><c>tokenizer.json</c> (Hugging Face tokenizers format).</summary>
    TokenizerJson = 1,

    /// <summary><c>vocab.json</c>: the BPE model vocabulary (ids 0 to 50264).</summary>
    VocabJson = 2,

    /// <summary><c>merges.txt</c> with the <c>#version: 0.2</c> header.</summary>
    MergesTxt = 4,

    /// <summary><c>tokenizer_config.json</c> as a saved Florence-2 processor writes it.</summary>
    TokenizerConfig = 8,

    /// <summary><c>added_tokens.json</c>: the tokens beyond the model vocabulary.</summary>
    AddedTokensJson = 16,

    /// <summary><c>special_tokens_map.json</c>.</summary>
    SpecialTokensMap = 32,

    /// <summary>Every file, as in the onnx-community repositories.</summary>
    All = TokenizerJson | VocabJson | MergesTxt | TokenizerConfig | AddedTokensJson | SpecialTokensMap,

    /// <summary>Variant: <c>tokenizer.json</c> stores merges as <c>["left", "right"]</c> pairs (newer tokenizers versions).</summary>
    MergesAsPairs = 64,

    /// <summary>Variant: the 1,024 Florence tokens are left out of every file, as in microsoft's own repositories.</summary>
    WithoutFlorenceTokens = 128,

    /// <summary>The files of microsoft's own repositories: <c>tokenizer.json</c>, <c>vocab.json</c>, <c>tokenizer_config.json</c>, no Florence tokens.</summary>
    MicrosoftLayout = TokenizerJson | VocabJson | TokenizerConfig | WithoutFlorenceTokens,
}
