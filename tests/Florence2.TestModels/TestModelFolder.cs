namespace Florence2.TestModels;

/// <summary>A complete tiny model folder: the ONNX modules and json configs plus the test tokenizer files.</summary>
public static class TestModelFolder
{
    /// <summary>Writes everything a <c>Florence2Model.Load</c> needs into <paramref name="directory"/>.</summary>
    /// <returns>The vision encoder's cost and size, counted from its graph.</returns>
    public static TinyModelSummary Write(string directory, TinyModelOptions options)
    {
        var summary = TinyModelWriter.Write(directory, options);
        TestTokenizerFiles.Write(directory);
        return summary;
    }

    /// <summary>Ids of a plain-text answer in the test vocabulary, for <see cref="TinyModelOptions.Script"/>.</summary>
    public static int[] ScriptFor(string answer) => TestVocabulary.Encode(answer);
}
