using System.Text.Json;

using Florence2.Model;

namespace Florence2.Generation;

/// <summary>
/// The model's default <see cref="GenerationSettings"/>: each value from <c>generation_config.json</c>, else from
/// <c>config.json</c>'s <c>text_config</c> (where the remote code's language model reads them), else Hugging Face's
/// default. Token ids that end or start sequences come from the tokenizer, because early Florence-2 configs carry
/// wrong ones (bos/eos/pad = 2/1/0); see docs/generation.md.
/// </summary>
internal static class GenerationDefaults
{
    /// <summary>The official examples generate up to 1024 new tokens.</summary>
    public const int OfficialMaxNewTokens = 1024;

    /// <param name="config">config.json.</param>
    /// <param name="generation">generation_config.json, when the folder has one.</param>
    /// <param name="eosTokenId">The tokenizer's end-of-sequence id.</param>
    /// <param name="bosTokenId">The tokenizer's start-of-sequence id.</param>
    /// <param name="maxPositions">The decoder's positions (max_position_embeddings).</param>
    /// <param name="vocabSize">The vocabulary size: every token id must be below it.</param>
    /// <exception cref="ModelConfigException">A value is out of range; it names the file and key.</exception>
    public static GenerationSettings Load(JsonConfigFile config, JsonConfigFile? generation, int eosTokenId, int bosTokenId, int maxPositions, int vocabSize)
    {
        int Int(string key, int fallback, int max) =>
            generation?.Has(key) == true ? generation.GetInt(key, min: 0, max: max)
            : config.Has("text_config." + key) ? config.GetInt("text_config." + key, min: 0, max: max)
            : fallback;

        int? OptionalId(string key, int fallback) =>
            generation?.Has(key) == true || config.Has("text_config." + key) ? Int(key, fallback, vocabSize - 1) : null;

        var settings = new GenerationSettings
        {
            NumBeams = Math.Max(1, Int("num_beams", 1, int.MaxValue)),
            MaxNewTokens = Math.Min(OfficialMaxNewTokens, maxPositions - 1),
            LengthPenalty = generation?.Has("length_penalty") == true ? generation.GetDouble("length_penalty", 1.0) : config.GetDouble("text_config.length_penalty", 1.0),
            EarlyStopping = EarlyStopping(generation, config),
            NoRepeatNgramSize = Int("no_repeat_ngram_size", 0, maxPositions),
            DecoderStartTokenId = Int("decoder_start_token_id", eosTokenId, vocabSize - 1),
            ForcedBosTokenId = OptionalId("forced_bos_token_id", bosTokenId),
            ForcedEosTokenId = OptionalId("forced_eos_token_id", eosTokenId),
            EosTokenId = eosTokenId,
        };
        if (settings.NumBeams > GenerationSettings.MaxNumBeams)
        {
            var (file, key) = generation?.Has("num_beams") == true ? (generation, "num_beams") : (config, "text_config.num_beams");
            throw new ModelConfigException(file.Path, key, $"is {settings.NumBeams}, more than the {GenerationSettings.MaxNumBeams} beams supported (GenerationSettings.MaxNumBeams).");
        }

        settings.Validate();
        return settings;
    }

    private static BeamStopping EarlyStopping(JsonConfigFile? generation, JsonConfigFile config)
    {
        const string key = "early_stopping";
        if (generation is not null && generation.TryGet(key, out var value))
        {
            return Parse(generation, key, value);
        }

        return config.TryGet("text_config." + key, out value) ? Parse(config, "text_config." + key, value) : BeamStopping.Heuristic;
    }

    private static BeamStopping Parse(JsonConfigFile file, string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => BeamStopping.WhenBeamsFinished,
        JsonValueKind.False => BeamStopping.Heuristic,
        JsonValueKind.String when value.GetString() == "never" => BeamStopping.Never,
        _ => throw new ModelConfigException(file.Path, key, $"expected true, false or \"never\", found {JsonConfigFile.Describe(value)}."),
    };
}
