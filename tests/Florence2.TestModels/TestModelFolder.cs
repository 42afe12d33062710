namespace Florence2.TestModels;

/// <summary>A complete tiny model folder: the ONNX modules and json configs plus the test tokenizer files.</summary>
public static class TestModelFolder
{
    /// <summary>Writes everything a <c>Florence2Model.Load</c> needs into <paramref name="directory"/>.</summary>
    public static void Write(string directory, TinyModelOptions options)
    {
        TinyModelWriter.Write(directory, options);
        TestTokenizerFiles.Write(directory);
    }

    /// <summary>Ids of a plain-text answer in the test vocabulary, for <see cref="TinyModelOptions.Script"/>.</summary>
    public static int[] ScriptFor(string answer) => TestVocabulary.Encode(answer);
}
