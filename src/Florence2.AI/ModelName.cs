namespace Florence2.AI;

/// <summary>
/// A model id for the chat client's metadata from the model's folder: the Hub id for a folder of the Hub cache
/// (<c>…/models--onnx-community--Florence-2-base-ft/snapshots/&lt;commit&gt;</c> is <c>onnx-community/Florence-2-base-ft</c>),
/// else the folder's name.
/// </summary>
internal static class ModelName
{
    public static string Of(Florence2ModelInfo info)
    {
        var directory = info.Directory.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
        var snapshots = Path.GetDirectoryName(directory);
        var repo = snapshots is null ? null : Path.GetDirectoryName(snapshots);
        if (repo is not null && Path.GetFileName(snapshots) == "snapshots")
        {
            // The Hub cache names a repository "models--{owner}--{name}"; Hub names cannot contain "--".
            var parts = Path.GetFileName(repo).Split("--");
            if (parts is ["models", var owner, var name] && owner.Length > 0 && name.Length > 0)
            {
                return $"{owner}/{name}";
            }
        }

        var folder = Path.GetFileName(directory);
        return folder.Length > 0 ? folder : "florence2";
    }
}
