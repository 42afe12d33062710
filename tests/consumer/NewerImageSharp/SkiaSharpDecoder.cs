using Florence2;
using SixLabors.ImageSharp;

// Usage: Florence2.Consumer IMAGESHARP_VERSION MODEL_DIR IMAGE EXPECTED_CAPTION
// An app on its own newer ImageSharp beside the SkiaSharp decoder package: the app keeps using its ImageSharp (it
// reads IMAGE's size with it), and the model decodes the IMAGE file through SkiaSharpImageDecoder, to the same size,
// and captions it EXPECTED_CAPTION.
// Exits 0 only when all of that holds; any exception (a TypeLoadException, a missing native library) ends the app
// unhandled, with a non-zero exit code.
if (NewerImageSharpApp.Parse(args) is not { } app)
{
    return 2;
}

var (_, modelDirectory, imagePath, expected) = app;
var failures = new List<string>();
app.CheckImageSharp(failures);
var info = Image.Identify(imagePath);
Console.WriteLine($"skiasharp: the app runs on SixLabors.ImageSharp {NewerImageSharpApp.LoadedImageSharp}, which reads {Path.GetFileName(imagePath)} as {info.Width}x{info.Height}");

using var model = await Florence2Model.LoadAsync(modelDirectory, new Florence2ModelOptions { ImageDecoder = new SkiaSharpImageDecoder() });
TextResult caption = await model.CaptionAsync(ImageInput.FromFile(imagePath));
Console.WriteLine($"skiasharp: {caption.ImageSize.Width}x{caption.ImageSize.Height} decoded by SkiaSharpImageDecoder, caption: {caption.Text}");
if (caption.ImageSize != new Florence2.ImageSize(info.Width, info.Height))
    failures.Add($"Skia decoded {caption.ImageSize.Width}x{caption.ImageSize.Height}, the app's ImageSharp reads {info.Width}x{info.Height}");
if (caption.Text != expected)
    failures.Add($"the caption is '{caption.Text}', expected '{expected}'");

foreach (var failure in failures)
    Console.Error.WriteLine($"FAIL: {failure}");
return failures.Count == 0 ? 0 : 1;
