namespace Florence2.Hub;

/// <summary>
/// Tells a local model folder from a Hub repository id for <c>Florence2Model.LoadAsync</c>. Thread-safe.
/// </summary>
internal static class LocalModelFolder
{
    /// <summary>
    /// Whether <paramref name="path"/> names an existing folder as a shell would resolve it: every part before a
    /// <c>..</c> must exist. <see cref="Directory.Exists"/> alone collapses <c>org/..</c> to the current folder
    /// without looking for <c>org</c>, which would load whatever the current folder holds instead of refusing the id.
    /// </summary>
    public static bool Exists(string path)
    {
        if (!Directory.Exists(path))
        {
            return false;
        }

        var parts = path.Split(Path.DirectorySeparatorChar == '/' ? ['/'] : ['/', Path.DirectorySeparatorChar]);
        for (var i = 1; i < parts.Length; i++)
        {
            // An empty part before is the root of a rooted path, which exists.
            if (parts[i] == ".." && string.Join('/', parts[..i]) is { Length: > 0 } before && !Directory.Exists(before))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Why <paramref name="argument"/> reads as a folder path rather than a Hub id, or null when it may be an id.
    /// A path starts with <c>./</c>, <c>../</c> or <c>~</c>, is absolute, holds a backslash or more than one
    /// <c>/</c>, or starts with a folder that exists here (<c>models/Florence-2-base-ft</c> with a local
    /// <c>models</c>). Only an <c>org/name</c> whose <c>org</c> is no local folder is left to the Hub.
    /// </summary>
    public static string? PathReason(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        if (argument.StartsWith("./", StringComparison.Ordinal) || argument.StartsWith(".\\", StringComparison.Ordinal))
        {
            return "it starts with './'";
        }

        if (argument.StartsWith("../", StringComparison.Ordinal) || argument.StartsWith("..\\", StringComparison.Ordinal))
        {
            return "it starts with '../'";
        }

        if (argument.StartsWith('~'))
        {
            return "it starts with '~' (which only a shell expands; give the folder's full path)";
        }

        if (Path.IsPathRooted(argument))
        {
            return "it is an absolute path";
        }

        if (argument.Contains('\\', StringComparison.Ordinal))
        {
            return "it holds a backslash";
        }

        if (argument.Count(c => c == '/') > 1)
        {
            return "it has more than one '/'";
        }

        var slash = argument.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 && argument[..slash] is var first && first is not ("." or "..") && Directory.Exists(first)
            ? $"the folder '{first}' exists here"
            : null;
    }

    /// <summary>
    /// The error for a path that names no folder: it says that the folder does not exist, why the argument was read
    /// as a path, and whether it could have been a Hub id.
    /// </summary>
    public static ModelFileMissingException Missing(string argument, string reason)
    {
        var full = Path.GetFullPath(argument);
        var id = HubNames.IsRepoId(argument)
            ? $" To download the Hub repository '{argument}' instead, run from a folder that has no '{argument[..argument.IndexOf('/', StringComparison.Ordinal)]}' in it."
            : $" It is not a valid Hub id either: a Hub id is 'org/name', for example '{Florence2Models.Default}'.";
        return new ModelFileMissingException(full,
            $"The model folder '{argument}' does not exist ({full}). It is read as a folder because {reason}.{id} "
            + "A model folder holds the onnx-community layout: onnx/*.onnx, config.json, preprocessor_config.json, tokenizer.json.");
    }
}
