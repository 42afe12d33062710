using Florence2.TestModels;

namespace Florence2.Tests.Tokenization;

/// <summary>Tokenizer folders under the temp directory, deleted on dispose.</summary>
public sealed class TemporaryTokenizerFolders : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "florence2-tokenizer-tests-" + Guid.NewGuid().ToString("N"));
    private int _count;

    /// <summary>A new empty folder.</summary>
    public string CreateEmpty()
    {
        string directory = Path.Combine(_root, Interlocked.Increment(ref _count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        return directory;
    }

    /// <summary>A new folder holding the chosen test tokenizer files.</summary>
    public string Create(TestTokenizerFileSet set)
    {
        string directory = CreateEmpty();
        TestTokenizerFiles.Write(directory, set);
        return directory;
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
