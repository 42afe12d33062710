using Florence2.TestModels;

namespace Florence2.Tests.Support;

/// <summary>A tiny model folder written to a fresh temp directory and deleted on dispose.</summary>
public sealed class TempModelFolder : IDisposable
{
    public TempModelFolder(TinyModelOptions options)
    {
        Options = options;
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "florence2-tests", Guid.NewGuid().ToString("N"));
        TestModelFolder.Write(Path, options);
    }

    public string Path { get; }

    public TinyModelOptions Options { get; }

    public string File(string relative) => System.IO.Path.Combine(Path, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A session still holding a file open on some platforms; the temp folder is cleaned up by the OS.
        }
    }
}
