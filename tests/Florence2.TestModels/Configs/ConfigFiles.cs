using System.Text.Json;
using System.Text.Json.Nodes;

namespace Florence2.TestModels;

/// <summary>The JSON files of an onnx-community Florence-2 folder, filled from <see cref="TinyModelOptions"/>.</summary>
internal static class ConfigFiles
{
    private const int BosTokenId = 0;
    private const int PadTokenId = 1;
    private const int EosTokenId = 2;
    private const int DecoderStartTokenId = 2;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void WriteAll(string directory, TinyModelOptions o)
    {
        Write(directory, TinyModelFiles.Config, ModelConfig(o));
        Write(directory, TinyModelFiles.GenerationConfig, GenerationConfig(o));
        Write(directory, TinyModelFiles.PreprocessorConfig, PreprocessorConfig(o));
    }

    private static JsonObject ModelConfig(TinyModelOptions o) => new()
    {
        ["model_type"] = "florence2",
        ["architectures"] = new JsonArray("Florence2ForConditionalGeneration"),
        ["is_encoder_decoder"] = true,
        ["vocab_size"] = o.VocabSize,
        ["projection_dim"] = o.DModel,
        ["bos_token_id"] = BosTokenId,
        ["eos_token_id"] = EosTokenId,
        ["pad_token_id"] = PadTokenId,
        ["text_config"] = new JsonObject
        {
            ["model_type"] = "florence2_language",
            ["d_model"] = o.DModel,
            ["encoder_layers"] = o.EncoderLayers,
            ["decoder_layers"] = o.DecoderLayers,
            ["encoder_attention_heads"] = o.Heads,
            ["decoder_attention_heads"] = o.Heads,
            ["encoder_ffn_dim"] = o.FfnDim,
            ["decoder_ffn_dim"] = o.FfnDim,
            ["vocab_size"] = o.VocabSize,
            ["max_position_embeddings"] = o.MaxPositionEmbeddings,
            ["bos_token_id"] = BosTokenId,
            ["eos_token_id"] = EosTokenId,
            ["pad_token_id"] = PadTokenId,
            ["decoder_start_token_id"] = DecoderStartTokenId,
            ["forced_bos_token_id"] = BosTokenId,
            ["forced_eos_token_id"] = EosTokenId,
            ["num_beams"] = o.NumBeams,
            ["no_repeat_ngram_size"] = o.NoRepeatNgramSize,
            ["early_stopping"] = o.EarlyStopping,
        },
        ["vision_config"] = new JsonObject { ["model_type"] = "davit", ["projection_dim"] = o.DModel },
    };

    private static JsonObject GenerationConfig(TinyModelOptions o) => new()
    {
        ["_from_model_config"] = true,
        ["bos_token_id"] = BosTokenId,
        ["decoder_start_token_id"] = DecoderStartTokenId,
        ["early_stopping"] = o.EarlyStopping,
        ["eos_token_id"] = EosTokenId,
        ["forced_bos_token_id"] = BosTokenId,
        ["forced_eos_token_id"] = EosTokenId,
        ["no_repeat_ngram_size"] = o.NoRepeatNgramSize,
        ["num_beams"] = o.NumBeams,
        ["pad_token_id"] = PadTokenId,
    };

    private static JsonObject PreprocessorConfig(TinyModelOptions o) => new()
    {
        ["image_processor_type"] = "CLIPImageProcessor",
        ["processor_class"] = "Florence2Processor",
        ["do_resize"] = true,
        ["size"] = new JsonObject { ["height"] = o.ImageSize, ["width"] = o.ImageSize },
        ["resample"] = 3,
        ["do_center_crop"] = false,
        ["crop_size"] = new JsonObject { ["height"] = o.ImageSize, ["width"] = o.ImageSize },
        ["do_rescale"] = true,
        ["rescale_factor"] = 1.0 / 255.0,
        ["do_normalize"] = true,
        ["image_mean"] = new JsonArray(0.485, 0.456, 0.406),
        ["image_std"] = new JsonArray(0.229, 0.224, 0.225),
        ["do_convert_rgb"] = null,
        ["image_seq_length"] = o.ImageTokens,
        ["tasks_answer_post_processing_type"] = TaskMap(FlorenceTask.All, task => task.PostProcessing),
        ["task_prompts_without_inputs"] = TaskMap(FlorenceTask.All.Where(task => !task.TakesInput), task => task.Prompt),
        ["task_prompts_with_input"] = TaskMap(FlorenceTask.All.Where(task => task.TakesInput), task => task.Prompt),
    };

    private static JsonObject TaskMap(IEnumerable<FlorenceTask> tasks, Func<FlorenceTask, string> value) =>
        new(tasks.Select(task => KeyValuePair.Create(task.Token, (JsonNode?)value(task))));

    private static void Write(string directory, string fileName, JsonObject content) =>
        File.WriteAllText(Path.Combine(directory, fileName), content.ToJsonString(Indented));
}
