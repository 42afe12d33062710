namespace Florence2.Cli;

/// <summary>
/// Where --annotate OUT writes each picture: OUT itself for one image (unless OUT is a folder), otherwise
/// OUT/NAME.annotated.png per image, with a number added when two images share a name.
/// </summary>
internal static class AnnotationTargets
{
    public static IReadOnlyList<string> For(string output, IReadOnlyList<string> images)
    {
        var isFolder = images.Count > 1 || Directory.Exists(output) || output.EndsWith(Path.DirectorySeparatorChar) || output.EndsWith('/');
        if (!isFolder)
        {
            if (!string.Equals(Path.GetExtension(output), ".png", StringComparison.OrdinalIgnoreCase))
            {
                throw new CliUsageException($"--annotate writes a PNG file; name it *.png (got '{output}'), or give a folder.");
            }

            return [output];
        }

        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var targets = new List<string>();
        foreach (var image in images)
        {
            var stem = Path.GetFileNameWithoutExtension(image);
            var name = stem + ".annotated.png";
            for (var n = 2; !used.Add(name); n++)
            {
                name = $"{stem}-{n}.annotated.png";
            }

            targets.Add(Path.Combine(output, name));
        }

        return targets;
    }
}
