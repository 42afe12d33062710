using Florence2;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

// Usage: Florence2.Consumer IMAGESHARP_VERSION MODEL_DIR IMAGE EXPECTED_CAPTION
// An app on its own newer ImageSharp with the core package alone (no decoder package): the core loads beside it, an
// encoded image is refused with ImageDecoderMissingException (no decoder is configured), and the pixels the app
// decodes itself with ImageSharp give EXPECTED_CAPTION. Exits 0 only when all of that holds.
if (NewerImageSharpApp.Parse(args) is not { } app)
{
    return 2;
}

var (_, modelDirectory, imagePath, expected) = app;
var failures = new List<string>();
Console.WriteLine($"own pixels: the app runs on SixLabors.ImageSharp {NewerImageSharpApp.LoadedImageSharp}");
app.CheckImageSharp(failures);

using var model = await Florence2Model.LoadAsync(modelDirectory);
try
{
    await model.CaptionAsync(ImageInput.FromFile(imagePath));
    failures.Add("an encoded image was captioned with no decoder configured");
}
catch (ImageDecoderMissingException e)
{
    Console.WriteLine($"own pixels: an encoded image without a decoder: {e.GetType().Name}");
}

using var image = Image.Load<Rgb24>(imagePath);
var pixels = new byte[image.Width * image.Height * 3];
image.CopyPixelDataTo(pixels);
TextResult caption = await model.CaptionAsync(ImageInput.FromPixels(pixels, image.Width, image.Height, RawPixelFormat.Rgb24));
Console.WriteLine($"own pixels: {image.Width}x{image.Height} decoded by the app, caption: {caption.Text}");
if (caption.Text != expected)
    failures.Add($"the caption is '{caption.Text}', expected '{expected}'");

foreach (var failure in failures)
    Console.Error.WriteLine($"FAIL: {failure}");
return failures.Count == 0 ? 0 : 1;
