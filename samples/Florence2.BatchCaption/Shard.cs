using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Florence2.BatchCaption;

/// <summary>
/// One of <see cref="Count"/> disjoint parts of a folder (<c>--shard i/n</c>, i from 0), so that n machines or pods
/// can caption one folder together. A file belongs to shard <c>h mod n</c>, where h is the first 8 bytes (big-endian)
/// of the SHA-256 of its file name in UTF-8: the split depends on the name alone, not on the machine, the culture,
/// the listing order or the other files, so every shard agrees even while files are added.
/// </summary>
internal readonly record struct Shard(int Index, int Count)
{
    public const string Form = "--shard takes i/n: the shard index i from 0 to n-1 and the shard count n of 1 or more, as in 0/4";

    public static Shard All => new(0, 1);

    /// <summary>Reads <c>i/n</c>; null with <paramref name="error"/> naming the form when it is not one.</summary>
    public static Shard? Parse(string value, out string? error)
    {
        var parts = value.Split('/');
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && count >= 1 && index < count)
        {
            error = null;
            return new Shard(index, count);
        }

        error = $"{Form}; got '{value}'.";
        return null;
    }

    /// <summary>The shard of the file <paramref name="fileName"/> (a name, not a path) among <paramref name="count"/>.</summary>
    public static int Of(string fileName, int count)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(fileName), hash);
        return (int)(BinaryPrimitives.ReadUInt64BigEndian(hash) % (ulong)count);
    }

    public bool Contains(string fileName) => Count == 1 || Of(fileName, Count) == Index;

    public override string ToString() => $"{Index}/{Count}";
}
