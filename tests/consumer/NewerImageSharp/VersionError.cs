using Florence2;

// Usage: Florence2.Consumer IMAGESHARP_VERSION MODEL_DIR
// An app on a newer ImageSharp beside the ImageSharp decoder package (built on ImageSharp 2; NuGet unified the app to
// the newer one): loading a model with that decoder must throw ImageDecoderVersionException naming both versions and
// the way out. Any other exception (a TypeLoadException, say) ends the app unhandled, with a non-zero exit code.
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: Florence2.Consumer IMAGESHARP_VERSION MODEL_DIR");
    return 2;
}

var (imageSharpVersion, modelDirectory) = (args[0], args[1]);
try
{
    using var model = await Florence2Model.LoadAsync(modelDirectory, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() });
    Console.Error.WriteLine($"FAIL: the model loaded with the ImageSharp decoder beside ImageSharp {imageSharpVersion}");
    return 1;
}
catch (ImageDecoderVersionException e)
{
    Console.WriteLine($"version error: {e.GetType().Name}: {e.Message}");
    string[] expectedParts = ["SixLabors.ImageSharp 2.x (built on 2.1.13)", "loaded SixLabors.ImageSharp " + imageSharpVersion, "Florence2.OnnxRuntime.SkiaSharp", "ImageInput.FromPixels"];
    var missing = expectedParts.Where(part => !e.Message.Contains(part, StringComparison.Ordinal)).ToList();
    foreach (var part in missing)
        Console.Error.WriteLine($"FAIL: the version error does not say '{part}'");
    return missing.Count == 0 ? 0 : 1;
}
