namespace Florence2.Cli;

/// <summary>
/// Where --annotate OUT writes each picture: OUT itself for one image (unless OUT is a folder), otherwise
/// OUT/NAME.annotated.png per image, with a number added when two images share a name. A name with an image
/// extension is a file: with several images it is refused, rather than made into a folder called "x.png".
/// </summary>
internal static class AnnotationTargets
{
    private static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".bmp", ".gif", ".webp", ".tif", ".tiff"];

    public static IReadOnlyList<string> For(string output, IReadOnlyList<string> images)
    {
        var existingFolder = Directory.Exists(output) || output.EndsWith(Path.DirectorySeparatorChar) || output.EndsWith('/');
        var isFolder = images.Count > 1 || existingFolder;
        if (images.Count > 1 && !existingFolder && ImageExtensions.Contains(Path.GetExtension(output), StringComparer.OrdinalIgnoreCase))
        {
            throw new CliUsageException(
                $"--annotate '{output}' names an image file, but {images.Count} images give {images.Count} pictures. With several images, "
                + "--annotate takes a folder: a name without an image extension (such as 'annotated'), or an existing folder.");
        }
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
