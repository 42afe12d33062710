using Florence2.Model;
using Florence2.Imaging;

namespace Florence2.Tests.Imaging;

public sealed class ImagePreprocessingSettingsTests : IDisposable
{
    // The microsoft/Florence-2-base preprocessor_config.json without its task maps.
    private const string Florence2Config = """
        {
          "auto_map": { "AutoProcessor": "processing_florence2.Florence2Processor" },
          "crop_size": { "height": 768, "width": 768 },
          "do_center_crop": false,
          "do_convert_rgb": null,
          "do_normalize": true,
          "do_rescale": true,
          "do_resize": true,
          "image_mean": [0.485, 0.456, 0.406],
          "image_processor_type": "CLIPImageProcessor",
          "image_seq_length": 577,
          "image_std": [0.229, 0.224, 0.225],
          "processor_class": "Florence2Processor",
          "resample": 3,
          "size": { "height": 768, "width": 768 }
        }
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("florence2-preprocessor-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Florence2_config_loads_to_the_defaults()
    {
        ImagePreprocessingSettings settings = ImagePreprocessingSettings.Load(JsonConfigFile.Load(Write(Florence2Config)));
        ImagePreprocessingSettings expected = ImagePreprocessingSettings.Florence2Default;

        Assert.Equal((768, 768), (settings.TargetWidth, settings.TargetHeight));
        Assert.Equal(expected.Mean, settings.Mean);
        Assert.Equal(expected.Std, settings.Std);
        Assert.Equal(1.0 / 255.0, settings.RescaleFactor);
        Assert.True(settings.DoResize && settings.DoRescale && settings.DoNormalize);
    }

    [Fact]
    public void Explicit_values_are_read()
    {
        string path = Write("""
            { "size": { "height": 384, "width": 512 }, "rescale_factor": 0.5, "do_normalize": false,
              "image_mean": [0.5, 0.5, 0.5], "image_std": [0.25, 0.5, 1] }
            """);

        ImagePreprocessingSettings settings = ImagePreprocessingSettings.Load(JsonConfigFile.Load(path));

        Assert.Equal((512, 384), (settings.TargetWidth, settings.TargetHeight));
        Assert.Equal(0.5, settings.RescaleFactor);
        Assert.False(settings.DoNormalize);
        Assert.Equal([0.25, 0.5, 1.0], settings.Std);
    }

    [Theory]
    [InlineData("""{ "resample": 2 }""", "resample")]
    [InlineData("""{ "do_center_crop": true }""", "do_center_crop")]
    [InlineData("""{ "size": { "shortest_edge": 768 } }""", "size")]
    [InlineData("""{ "size": { "height": 0, "width": 768 } }""", "size.height")]
    [InlineData("""{ "image_std": [0.2, 0, 0.2] }""", "image_std[1]")]
    [InlineData("""{ "image_mean": [0.5, 0.5] }""", "image_mean")]
    [InlineData("""{ "rescale_factor": "1/255" }""", "rescale_factor")]
    [InlineData("""{ "do_resize": "yes" }""", "do_resize")]
    [InlineData("""[1, 2]""", "$")]
    [InlineData("""{ "size": """, "$")]
    public void UnsupportedValues_NameTheFileAndKey(string json, string key)
    {
        string path = Write(json);

        var error = Assert.Throws<ModelConfigException>(() => ImagePreprocessingSettings.Load(JsonConfigFile.Load(path)));

        Assert.Equal(key, error.Key);
        Assert.Equal(path, error.FilePath);
        Assert.Contains("preprocessor_config.json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Center_crop_is_reported_as_unsupported()
    {
        var error = Assert.Throws<ModelConfigException>(
            () => ImagePreprocessingSettings.Load(JsonConfigFile.Load(Write("""{ "do_center_crop": true }"""))));

        Assert.Contains("not supported", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_a_model_file_missing_exception()
    {
        string path = Path.Combine(_directory, "nothing", "preprocessor_config.json");

        var error = Assert.Throws<ModelFileMissingException>(() => ImagePreprocessingSettings.Load(JsonConfigFile.Load(path)));

        Assert.Equal(path, error.FilePath);
    }

    private string Write(string json)
    {
        string path = Path.Combine(_directory, "preprocessor_config.json");
        File.WriteAllText(path, json);
        return path;
    }
}
