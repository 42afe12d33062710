using System.Globalization;

namespace Florence2.Model;

/// <summary>
/// Checks and reads one file of a model folder so that no file can cost a hang or unbounded memory: it must be a
/// regular file with content (a link is followed to its target), and the small files (json, tokenizer) are read
/// only up to <see cref="MaxSmallFileBytes"/>. A pipe or a device reports a length of 0, so refusing empty files
/// before opening them also keeps a FIFO (whose open blocks until a writer comes) or <c>/dev/zero</c> (which never
/// ends) from being read. Every miss is a <see cref="ModelFileMissingException"/>.
/// </summary>
internal static class ModelFile
{
    /// <summary>
    /// The largest json or tokenizer file read: 64 MiB. The real Florence-2 <c>tokenizer.json</c> is about 2.3 MB and the
    /// configuration files a few KB, so this leaves room for larger vocabularies while bounding what a bad folder costs.
    /// </summary>
    public const long MaxSmallFileBytes = 64L * 1024 * 1024;

    /// <summary>Whether anything (a file, a link, even a broken one) stands at <paramref name="path"/>.</summary>
    public static bool Exists(string path) => File.Exists(path) || new FileInfo(path).LinkTarget is not null;

    /// <summary>Throws unless <paramref name="path"/> is, or links to, a regular file with content; returns its length.</summary>
    /// <param name="path">The file.</param>
    /// <param name="what">What the file is, for the message ("the model configuration").</param>
    /// <exception cref="ModelFileMissingException">Nothing is there, a link leads nowhere, or the file is empty, a pipe or a device.</exception>
    public static long Require(string path, string what)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is { } link)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            if (target is not FileInfo { Exists: true } file)
            {
                throw new ModelFileMissingException(path, Format(
                    "'{0}' ({1}) is a link to '{2}', which does not exist. Replace the link with the file.", path, what, link));
            }

            info = file;
        }

        if (!info.Exists)
        {
            throw new ModelFileMissingException(path, System.IO.Directory.Exists(path)
                ? Format("'{0}' ({1}) is a folder, not a file.", path, what)
                : Format("'{0}' ({1}) is missing.", path, what));
        }

        if (info.Length == 0)
        {
            throw new ModelFileMissingException(path, Format(
                "'{0}' ({1}) is empty, or is not a regular file (a pipe or a device). Model files must be regular files; download it again.", path, what));
        }

        return info.Length;
    }

    /// <summary>Reads a json or tokenizer file after <see cref="Require"/>, refusing one larger than <see cref="MaxSmallFileBytes"/>.</summary>
    /// <exception cref="ModelFileMissingException">As for <see cref="Require"/>.</exception>
    /// <exception cref="ModelLoadException">The file is larger than a json or tokenizer file may be.</exception>
    public static byte[] ReadSmall(string path, string what)
    {
        var length = Require(path, what);
        if (length > MaxSmallFileBytes)
        {
            throw TooLarge(path, what, length);
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
        var buffer = new byte[length];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer, read, buffer.Length - read);
            if (n == 0)
            {
                return buffer[..read];
            }

            read += n;
        }

        // The file grew after its length was read: refuse rather than read on without a bound.
        return stream.ReadByte() < 0 ? buffer : throw TooLarge(path, what, stream.Length);
    }

    private static ModelLoadException TooLarge(string path, string what, long length) => new(path, Format(
        "'{0}' ({1}) is {2:N0} bytes, more than the {3:N0} bytes a json or tokenizer file of a model may have. Check that it is the right file.",
        path, what, length, MaxSmallFileBytes));

    private static string Format(string format, params object?[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
