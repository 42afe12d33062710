namespace Florence2.Cli;

/// <summary>Expands the image arguments: files as given, folders to their JPEG and PNG files in name order.</summary>
internal static class ImageFiles
{
    private static readonly string[] Extensions = [".jpg", ".jpeg", ".png"];

    public static IReadOnlyList<string> Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (var argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                var found = Directory.EnumerateFiles(argument)
                    .Where(f => Extensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal)
                    .ToList();
                files.AddRange(found.Count > 0 ? found : throw new FileNotFoundException($"The folder '{argument}' has no JPEG or PNG files."));
            }
            else
            {
                files.Add(File.Exists(argument) ? argument : throw new FileNotFoundException($"The image '{argument}' does not exist."));
            }
        }

        return files;
    }
}
