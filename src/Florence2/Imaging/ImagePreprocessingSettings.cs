using System.Text.Json;
using Florence2.Model;

namespace Florence2.Imaging;

/// <summary>
/// How an image becomes the vision encoder's <c>pixel_values</c>: the values of a Hugging Face
/// <c>preprocessor_config.json</c> (CLIPImageProcessor) that the library supports.
/// </summary>
internal sealed record ImagePreprocessingSettings
{
    private static readonly double[] ImageNetMean = [0.485, 0.456, 0.406];
    private static readonly double[] ImageNetStd = [0.229, 0.224, 0.225];

    /// <summary>
    /// The largest side of the resized image: 4096 pixels, 28 times the pixels of Florence-2's 768 × 768, whose input
    /// tensor is 192 MiB. A larger size in the file is refused rather than allocated.
    /// </summary>
    public const int MaxSide = 4096;

    /// <summary>Pillow's <c>Image.BICUBIC</c>, the only resample filter supported.</summary>
    private const int PillowBicubic = 3;

    /// <summary>Florence-2's values: 768×768 bicubic stretch, rescale by 1/255, ImageNet mean and std.</summary>
    public static ImagePreprocessingSettings Florence2Default { get; } = new()
    {
        TargetWidth = 768,
        TargetHeight = 768,
        Mean = ImageNetMean,
        Std = ImageNetStd,
        RescaleFactor = 1.0 / 255.0,
        DoResize = true,
        DoRescale = true,
        DoNormalize = true,
    };

    public required int TargetWidth { get; init; }

    public required int TargetHeight { get; init; }

    /// <summary>Per-channel mean, RGB order, subtracted after rescaling.</summary>
    public required IReadOnlyList<double> Mean { get; init; }

    /// <summary>Per-channel standard deviation, RGB order, divided by after subtracting the mean.</summary>
    public required IReadOnlyList<double> Std { get; init; }

    public required double RescaleFactor { get; init; }

    public required bool DoResize { get; init; }

    public required bool DoRescale { get; init; }

    public required bool DoNormalize { get; init; }

    /// <summary>
    /// Reads <c>preprocessor_config.json</c>. Keys that are absent or null keep their <see cref="Florence2Default"/>
    /// value; <c>rescale_factor</c> defaults to 1/255 as in Hugging Face.
    /// </summary>
    /// <exception cref="ModelConfigException">A key holds an unsupported value.</exception>
    public static ImagePreprocessingSettings Load(JsonConfigFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new PreprocessorConfigReader(file).Read();
    }

    /// <summary>Reads and checks the keys of one parsed file, naming the file and key in every error.</summary>
    private readonly struct PreprocessorConfigReader(JsonConfigFile file)
    {
        public ImagePreprocessingSettings Read()
        {
            int resample = ReadInt("resample", PillowBicubic);
            if (resample != PillowBicubic)
            {
                throw new ModelConfigException(
                    file.Path, "resample", $"Only 3 (Pillow BICUBIC) is supported; the file says {resample}.");
            }

            if (ReadBool("do_center_crop", false))
            {
                throw new ModelConfigException(
                    file.Path, "do_center_crop", "Center cropping is not supported (Florence-2 resizes without cropping); expected false.");
            }

            (int width, int height) = ReadSize();
            ImagePreprocessingSettings defaults = Florence2Default;
            return new ImagePreprocessingSettings
            {
                TargetWidth = width,
                TargetHeight = height,
                DoResize = ReadBool("do_resize", defaults.DoResize),
                DoRescale = ReadBool("do_rescale", defaults.DoRescale),
                RescaleFactor = ReadPositive("rescale_factor", defaults.RescaleFactor),
                DoNormalize = ReadBool("do_normalize", defaults.DoNormalize),
                Mean = ReadTriple("image_mean", defaults.Mean, requirePositive: false),
                Std = ReadTriple("image_std", defaults.Std, requirePositive: true),
            };
        }

        private (int Width, int Height) ReadSize()
        {
            if (!TryGet("size", out JsonElement size))
            {
                return (Florence2Default.TargetWidth, Florence2Default.TargetHeight);
            }

            if (size.ValueKind != JsonValueKind.Object
                || !size.TryGetProperty("height", out JsonElement height)
                || !size.TryGetProperty("width", out JsonElement width))
            {
                throw new ModelConfigException(
                    file.Path, "size", $"Expected {{\"height\": H, \"width\": W}} (the image is stretched to W×H); found {size.GetRawText()}.");
            }

            return (Side(width, "size.width"), Side(height, "size.height"));
        }

        private int Side(JsonElement element, string key)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out int value) || value <= 0 || value > MaxSide)
            {
                throw new ModelConfigException(file.Path, key,
                    $"Expected a side in pixels from 1 to {MaxSide} (Florence-2 uses 768); found {element.GetRawText()}.");
            }

            return value;
        }

        private int ReadInt(string key, int fallback)
        {
            if (!TryGet(key, out JsonElement element))
            {
                return fallback;
            }

            return element.ValueKind == JsonValueKind.Number && element.TryGetInt32(out int value)
                ? value
                : throw new ModelConfigException(file.Path, key, $"Expected an integer; found {element.GetRawText()}.");
        }

        private bool ReadBool(string key, bool fallback)
        {
            if (!TryGet(key, out JsonElement element))
            {
                return fallback;
            }

            return element.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new ModelConfigException(file.Path, key, $"Expected true or false; found {element.GetRawText()}."),
            };
        }

        private double ReadPositive(string key, double fallback)
        {
            if (!TryGet(key, out JsonElement element))
            {
                return fallback;
            }

            return Positive(element, key);
        }

        private double Positive(JsonElement element, string key)
        {
            if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out double value)
                || !double.IsFinite(value) || value <= 0)
            {
                throw new ModelConfigException(file.Path, key, $"Expected a positive number; found {element.GetRawText()}.");
            }

            return value;
        }

        private double[] ReadTriple(string key, IReadOnlyList<double> fallback, bool requirePositive)
        {
            if (!TryGet(key, out JsonElement element))
            {
                return [fallback[0], fallback[1], fallback[2]];
            }

            if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() != 3)
            {
                throw new ModelConfigException(file.Path, key, $"Expected an array of 3 numbers (R, G, B); found {element.GetRawText()}.");
            }

            var values = new double[3];
            for (int channel = 0; channel < 3; channel++)
            {
                JsonElement item = element[channel];
                string itemKey = $"{key}[{channel}]";
                if (requirePositive)
                {
                    values[channel] = Positive(item, itemKey);
                }
                else if (item.ValueKind == JsonValueKind.Number && item.TryGetDouble(out double value) && double.IsFinite(value))
                {
                    values[channel] = value;
                }
                else
                {
                    throw new ModelConfigException(file.Path, itemKey, $"Expected a number; found {item.GetRawText()}.");
                }
            }

            return values;
        }

        // JSON null means "not set" in Hugging Face configs (e.g. "do_convert_rgb": null).
        private bool TryGet(string key, out JsonElement element) => file.TryGet(key, out element);
    }
}
