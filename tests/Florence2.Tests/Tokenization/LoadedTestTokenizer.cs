using Florence2.TestModels;
using Florence2.Tokenization;

namespace Florence2.Tests.Tokenization;

/// <summary>Class fixture: the complete test tokenizer folder (onnx-community layout), loaded once.</summary>
public sealed class LoadedTestTokenizer : IDisposable
{
    public LoadedTestTokenizer()
    {
        Directory = Folders.Create(TestTokenizerFileSet.All);
        Tokenizer = FlorenceTokenizer.Load(Directory);
    }

    public TemporaryTokenizerFolders Folders { get; } = new();

    public string Directory { get; }

    internal FlorenceTokenizer Tokenizer { get; }

    public void Dispose() => Folders.Dispose();
}
