using Florence2.AI;
using Florence2.Testing;

namespace Florence2.Tests.AI;

/// <summary>The model id a chat client reports by default, from the model's folder.</summary>
public sealed class ModelNameTests
{
    [Theory]
    [InlineData("/cache/huggingface/hub/models--onnx-community--Florence-2-base-ft/snapshots/5ca5edf5bd017b9919c05d08aebef5e4c7ac3bac", "onnx-community/Florence-2-base-ft")]
    [InlineData("/cache/huggingface/hub/models--onnx-community--Florence-2-large/snapshots/abc/", "onnx-community/Florence-2-large")]
    [InlineData("/models/Florence-2-base-ft", "Florence-2-base-ft")]
    [InlineData("/models/Florence-2-base-ft/", "Florence-2-base-ft")]
    [InlineData("/data/snapshots/abc", "abc")]
    [InlineData("/", "florence2")]
    public void A_hub_snapshot_is_named_by_its_hub_id_and_any_other_folder_by_its_name(string directory, string expected)
    {
        var info = new RecordingFlorence2Model { Strict = false }.Info with { Directory = directory };

        Assert.Equal(expected, ModelName.Of(info));
    }
}
