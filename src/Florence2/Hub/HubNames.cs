using System.Buffers;

namespace Florence2.Hub;

/// <summary>
/// Checks every name that becomes part of a URL or a cache path — repository ids, revisions, file paths, ETags and
/// commit hashes, from callers and from servers alike — so nothing is written outside the cache.
/// </summary>
internal static class HubNames
{
    private static readonly SearchValues<char> NameChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-");

    private static readonly SearchValues<char> HexLower = SearchValues.Create("0123456789abcdef");

    // Characters Windows refuses in file names; refusing them everywhere keeps a cache portable.
    private static readonly SearchValues<char> PathForbidden = SearchValues.Create("\\:*?\"<>|");

    // Percent-encoded '.', '/' and '\': harmless here (the name is escaped once more in the URL and is a plain file
    // name on disk), but a mirror or proxy that decodes twice would read them as a path.
    private static readonly string[] EncodedSeparators = ["%2e", "%2f", "%5c"];

    // Windows opens a device for these names, whatever the extension; refused everywhere so a cache stays portable.
    private static readonly HashSet<string> DeviceNames = new(
        ["CON", "PRN", "AUX", "NUL", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
            "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9"],
        StringComparer.OrdinalIgnoreCase);

    public static bool IsCommitHash(string value) => value.Length == 40 && !value.AsSpan().ContainsAnyExcept(HexLower);

    public static bool IsSha256(string value) => value.Length == 64 && !value.AsSpan().ContainsAnyExcept(HexLower);

    /// <summary><c>org/name</c>, each part letters, digits, <c>.</c>, <c>_</c>, <c>-</c>, as the Hub allows.</summary>
    public static void ValidateRepoId(string repoId)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        if (!IsRepoId(repoId))
        {
            throw new HubInvalidNameException(
                $"'{Printable(repoId)}' is not a Hub repository id. Expected 'org/name' (letters, digits, '.', '_', '-'; " +
                $"no '--' or '..'), for example '{Florence2Models.Default}'.", repoId);
        }
    }

    /// <summary>Whether <paramref name="repoId"/> has the shape <see cref="ValidateRepoId"/> accepts.</summary>
    public static bool IsRepoId(string repoId)
    {
        ArgumentNullException.ThrowIfNull(repoId);
        var parts = repoId.Split('/');
        return parts.Length == 2 && parts.All(IsRepoPart) && !repoId.Contains("--", StringComparison.Ordinal) && !repoId.Contains("..", StringComparison.Ordinal);
    }

    /// <summary>
    /// A branch, tag or commit: slash-separated name parts, no <c>.</c>/<c>..</c> parts, no empty parts, no device
    /// names (the revision becomes a file under <c>refs/</c>).
    /// </summary>
    public static void ValidateRevision(string revision)
    {
        ArgumentNullException.ThrowIfNull(revision);
        if (revision.Length is 0 or > 256
            || !revision.Split('/').All(part => part.Length > 0 && part[0] != '.' && !part.AsSpan().ContainsAnyExcept(NameChars) && !IsDeviceName(part)))
        {
            throw new HubInvalidNameException(
                $"'{Printable(revision)}' is not a usable revision. Expected a branch or tag name (letters, digits, '.', '_', '-', " +
                "'/' between parts, no part starting with '.', no Windows device name such as 'nul') or a 40-character commit hash, for example 'main'.", revision);
        }
    }

    /// <summary>A relative path with <c>/</c> separators that stays inside the folder it is joined to.</summary>
    public static void ValidateRelativePath(string path, string? repoId)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!IsSafeRelativePath(path))
        {
            throw new HubInvalidNameException(
                $"Refused the file name '{Printable(path)}'{(repoId is null ? "" : $" of '{repoId}'")}: a repository file path must be relative, " +
                "use '/' separators, and contain no '..' or '.' part, no empty part, no part ending in '.' or ' ', no Windows device name " +
                "(con, nul, com1, ...), no percent-encoded '.', '/' or '\\', no control characters and none of \\:*?\"<>|.",
                path, repoId, path);
        }
    }

    /// <summary>An ETag as a blob file name: the server's value without <c>W/</c> and quotes, checked to be a plain name.</summary>
    public static string NormalizeEtag(string raw, string repoId, string file)
    {
        var etag = raw.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal))
        {
            etag = etag[2..];
        }

        etag = etag.Trim('"');
        if (etag.Length is 0 or > 128 || etag[0] == '.' || etag.AsSpan().ContainsAnyExcept(NameChars))
        {
            throw new HubInvalidNameException(
                $"The server sent the ETag '{Printable(raw)}' for '{file}' of '{repoId}', which cannot name a cache file. " +
                "Check that HF_ENDPOINT points at a Hugging Face Hub or a faithful mirror.", raw, repoId, file);
        }

        return etag;
    }

    private static bool IsRepoPart(string part) =>
        part.Length is > 0 and <= 96 && !part.AsSpan().ContainsAnyExcept(NameChars)
        && part[0] is not ('.' or '-') && part[^1] is not ('.' or '-');

    private static bool IsSafeRelativePath(string path)
    {
        if (path.Length is 0 or > 1024 || path[0] == '/' || Path.IsPathRooted(path) || path.AsSpan().ContainsAny(PathForbidden)
            || EncodedSeparators.Any(encoded => path.Contains(encoded, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        foreach (var c in path)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }

        // Windows drops trailing dots and spaces, which would let two names meet in one file.
        return path.Split('/').All(part => part.Length > 0 && part is not ("." or "..") && part[^1] is not ('.' or ' ') && !IsDeviceName(part));
    }

    /// <summary><c>nul</c>, <c>NUL.txt</c>, <c>com1.json</c>: the part before the first dot is a Windows device name.</summary>
    private static bool IsDeviceName(string part)
    {
        var dot = part.IndexOf('.', StringComparison.Ordinal);
        return DeviceNames.Contains((dot < 0 ? part : part[..dot]).TrimEnd(' '));
    }

    /// <summary>The name for a message, control characters escaped so a hostile name cannot forge log lines.</summary>
    private static string Printable(string value)
    {
        var shown = value.Length > 200 ? value[..200] + "…" : value;
        return string.Concat(shown.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
    }
}
