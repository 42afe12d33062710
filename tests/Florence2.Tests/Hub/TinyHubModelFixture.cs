using Florence2.TestModels;

namespace Florence2.Tests.Hub;

/// <summary>A tiny model folder (about 18 MB, onnx-community layout) written once and served by the fake Hub.</summary>
public sealed class TinyHubModelFixture : IDisposable
{
    public TinyHubModelFixture()
    {
        Folder = Path.Combine(Path.GetTempPath(), "florence2-tests", "hub-model-" + Guid.NewGuid().ToString("N"));
        TestModelFolder.Write(Folder, new TinyModelOptions());
    }

    public string Folder { get; }

    internal FakeHubRepo Repo(string id) => FakeHubRepo.FromFolder(id, Folder);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean up.
        }
    }
}
