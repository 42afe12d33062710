using System.Security.Cryptography;

namespace Florence2.Tests.Hub;

/// <summary>A repository the fake Hub serves: files by path, a commit, and knobs for gated repositories and hostile listings.</summary>
internal sealed class FakeHubRepo
{
    public FakeHubRepo(string id)
    {
        Id = id;
        Commit = Convert.ToHexString(RandomNumberGenerator.GetBytes(20)).ToLowerInvariant();
    }

    public string Id { get; }

    public string Commit { get; }

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Names listed in the siblings without a file behind them (for example <c>../evil</c>).</summary>
    public List<string> ExtraSiblings { get; } = [];

    /// <summary>When set, requests without <c>Authorization: Bearer {token}</c> get 401.</summary>
    public string? RequiredToken { get; set; }

    /// <summary>Files stored through LFS on the real Hub: redirected to the storage host, ETag = SHA-256.</summary>
    public static bool IsLfs(string path) => path.EndsWith(".onnx", StringComparison.Ordinal) || path.EndsWith(".bin", StringComparison.Ordinal);

    public static string Sha256(byte[] content) => Convert.ToHexString(SHA256.HashData(content)).ToLowerInvariant();

    /// <summary>A git-blob-id-like 40-hex name for a small file (the real Hub sends the git blob SHA-1).</summary>
    public static string GitLikeId(byte[] content) => Sha256(content)[..40];

    /// <summary>A repository with every file a default Florence-2 download asks for, filled with random bytes (nothing loads them).</summary>
    public static FakeHubRepo FlorenceShaped(string id)
    {
        var repo = new FakeHubRepo(id);
        foreach (var path in Florence2Models.RequiredFiles(new ModelVariants()))
        {
            repo.Files[path] = RandomNumberGenerator.GetBytes(path.EndsWith(".onnx", StringComparison.Ordinal) ? 50_000 : 100);
        }

        return repo;
    }

    public static FakeHubRepo FromFolder(string id, string folder)
    {
        var repo = new FakeHubRepo(id);
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            repo.Files[Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/')] = File.ReadAllBytes(file);
        }

        return repo;
    }
}
