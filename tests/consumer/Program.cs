using Florence2;
using Florence2.Testing;

// Usage: Florence2.Consumer MODEL_DIR IMAGE EXPECTED_CAPTION
// Captions IMAGE with the model in MODEL_DIR through the installed packages (the core and the ImageSharp decoder) and
// exits 0 only when the caption is EXPECTED_CAPTION and the test double answers through the same interface; run.sh
// checks that the library was loaded from the package (not from a project reference).
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Florence2.Consumer MODEL_DIR IMAGE EXPECTED_CAPTION");
    return 2;
}

var (modelDirectory, imagePath, expected) = (args[0], args[1], args[2]);
var library = typeof(Florence2Model).Assembly.Location;
Console.WriteLine($"Florence2 assembly: {library}");

using var model = await Florence2Model.LoadAsync(modelDirectory, new Florence2ModelOptions { ImageDecoder = new ImageSharpImageDecoder() });
TextResult caption = await model.CaptionAsync(ImageInput.FromFile(imagePath));
Console.WriteLine($"caption: {caption.Text}");

// The test double comes from its own package and must answer through the same interface.
IFlorence2Model fake = new RecordingFlorence2Model().SetResult(Florence2Task.Caption(), TestResults.Text("scripted"));
var scripted = fake.Caption(ImageInput.FromFile(imagePath));

var failures = new List<string>();
if (caption.Text != expected)
    failures.Add($"the caption is '{caption.Text}', expected '{expected}'");
if (scripted.Text != "scripted")
    failures.Add($"the test double answered '{scripted.Text}', expected its scripted caption");

foreach (var failure in failures)
    Console.Error.WriteLine($"FAIL: {failure}");
return failures.Count == 0 ? 0 : 1;
