namespace Florence2.TestModels;

/// <summary>
/// Shape and behaviour of a Florence-2-shaped model folder written by <see cref="TinyModelWriter"/>.
/// The defaults give a tiny model: d_model 32, 4 heads of 8, 1 encoder and 2 decoder layers, the real vocabulary
/// size (51289) and the real 768×768 image → 577 image tokens. <see cref="Base"/> gives Florence-2-base's sizes.
/// </summary>
public sealed record TinyModelOptions
{
    /// <summary>Side in pixels of one image patch (the total stride of DaViT) that becomes one image token.</summary>
    public const int PatchSize = 32;

    /// <summary>
    /// Florence-2-base's text dimensions (d_model 768, 6 encoder and 6 decoder layers, 12 heads, FFN 3072, vocabulary
    /// 51289, 1024 positions) and a vision stand-in of 4 transformer layers at width 768 over the 577 image tokens
    /// (about 40 GFLOPs per image with the patch embedding), with random weights: for timing the library on a model
    /// of the real size. The folder is about 0.9 GB; generate it on demand, never commit it.
    /// </summary>
    /// <remarks>
    /// <see cref="ScriptBias"/> is 1000 here: at width 768 the random logits spread over about ±130, so the tiny
    /// model's 100 would not force a script.
    /// </remarks>
    public static TinyModelOptions Base { get; } = new()
    {
        DModel = 768,
        Heads = 12,
        EncoderLayers = 6,
        DecoderLayers = 6,
        FfnDim = 3072,
        VocabSize = 51289,
        MaxPositionEmbeddings = 1024,
        VisionLayers = 4,
        ScriptBias = 1000f,
    };

    /// <summary>
    /// <see cref="Base"/> with the DaViT-base-shaped vision stand-in (<see cref="DaViTStandIn.Base"/>, about 380 GFLOPs
    /// per 768×768 image instead of about 40, 91 M more parameters): the realistic base size for benchmarks.
    /// </summary>
    public static TinyModelOptions BaseWithDaViT { get; } = Base with { VisionLayers = 0, DaViT = DaViTStandIn.Base };

    /// <summary>Seed of every random weight.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>Model width (d_model = projection_dim = image feature width).</summary>
    public int DModel { get; init; } = 32;

    /// <summary>Attention heads of the encoder and of the decoder.</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Text encoder layers.</summary>
    public int EncoderLayers { get; init; } = 1;

    /// <summary>Decoder layers (the merged decoder has four cache tensors per layer).</summary>
    public int DecoderLayers { get; init; } = 2;

    /// <summary>
    /// Transformer layers (width <see cref="DModel"/>, FFN <see cref="FfnDim"/>, no mask) the vision stand-in runs over
    /// its image tokens after the patch embedding; 0 (the tiny default) runs none.
    /// </summary>
    public int VisionLayers { get; init; }

    /// <summary>
    /// A DaViT-shaped vision stand-in instead of the patch convolution and <see cref="VisionLayers"/> transformer layers;
    /// null (the default) keeps the cheap stand-in. <see cref="DaViTStandIn.Base"/> costs what Florence-2-base's DaViT
    /// costs on a 768×768 image.
    /// </summary>
    public DaViTStandIn? DaViT { get; init; }

    /// <summary>Hidden width of the feed-forward blocks.</summary>
    public int FfnDim { get; init; } = 128;

    /// <summary>Vocabulary size (rows of the shared embedding, width of the logits).</summary>
    public int VocabSize { get; init; } = 51289;

    /// <summary>Learned position table size (BART adds 2 rows: index = position + 2).</summary>
    public int MaxPositionEmbeddings { get; init; } = 1024;

    /// <summary>Expected image height and width in pixels (a multiple of <see cref="PatchSize"/>).</summary>
    public int ImageSize { get; init; } = 768;

    /// <summary>
    /// Token ids t1..tn the decoder is biased to produce: decoding from the start token 2 then yields
    /// 2, 0, t1, …, tn, 2. Null leaves the logits unbiased.
    /// </summary>
    public IReadOnlyList<int>? Script { get; init; }

    /// <summary>
    /// Logit added to the scripted token at each position. The default (larger than any spread of the random
    /// logits, about ±28) forces the script; a small value (a few
    /// units) only favours it, which makes beams compete and finish at different lengths.
    /// </summary>
    public float ScriptBias { get; init; } = 100f;

    /// <summary><c>num_beams</c> written into the configuration files.</summary>
    public int NumBeams { get; init; } = 3;

    /// <summary><c>early_stopping</c> written into the configuration files.</summary>
    public bool EarlyStopping { get; init; } = true;

    /// <summary><c>no_repeat_ngram_size</c> written into the configuration files.</summary>
    public int NoRepeatNgramSize { get; init; } = 3;

    /// <summary>Also write <c>onnx/*_fp16.onnx</c> files whose float inputs and outputs are float16.</summary>
    public bool WriteFp16Variants { get; init; }

    /// <summary>
    /// Variants written besides fp32 (and fp16 when <see cref="WriteFp16Variants"/> is set), each encoding the same
    /// weights: for example <see cref="TinyModelVariant.Quantized"/> and <see cref="TinyModelVariant.Q4"/>.
    /// </summary>
    public IReadOnlyList<TinyModelVariant> Variants { get; init; } = [];

    /// <summary>
    /// The <c>accuracy_level</c> attribute of the 4-bit variants' <c>MatMulNBits</c> nodes: null (the default) leaves it
    /// out, as transformers.js's quantize script does unless asked, so ONNX Runtime computes in float32 (level 0);
    /// 4 lets the CPU quantize the activations to int8 per block and use integer dot products. For measuring the
    /// difference; the onnx-community files are written without it.
    /// </summary>
    public int? FourBitAccuracyLevel { get; init; }

    /// <summary>Every variant written, fp32 first, each once, in <see cref="TinyModelVariant"/> order.</summary>
    public IReadOnlyList<TinyModelVariant> AllVariants =>
        [.. Variants.Append(TinyModelVariant.Fp32).Concat(WriteFp16Variants ? [TinyModelVariant.Fp16] : []).Distinct().Order()];

    /// <summary>Every variant of <see cref="TinyModelVariant"/>: a folder with all of them.</summary>
    public static IReadOnlyList<TinyModelVariant> EveryVariant { get; } = Enum.GetValues<TinyModelVariant>();

    /// <summary>Width of one attention head.</summary>
    public int HeadDim => DModel / Heads;

    /// <summary>Image tokens produced by the vision encoder: the patch grid plus one pooled token.</summary>
    public int ImageTokens => (ImageSize / PatchSize) * (ImageSize / PatchSize) + 1;

    /// <summary>Throws <see cref="ArgumentException"/> when the options cannot describe a model.</summary>
    public void Validate()
    {
        Require(DModel > 0 && Heads > 0 && DModel % Heads == 0, "DModel must be a positive multiple of Heads.");
        Require(EncoderLayers > 0 && DecoderLayers > 0 && FfnDim > 0, "Layer counts and FfnDim must be positive.");
        Require(VisionLayers >= 0, "VisionLayers must not be negative.");
        Require(VocabSize > 2 && MaxPositionEmbeddings > 0, "VocabSize must exceed 2 and MaxPositionEmbeddings be positive.");
        Require(ImageSize > 0 && ImageSize % PatchSize == 0, $"ImageSize must be a positive multiple of {PatchSize}.");
        Require(Script is null || Script.All(id => id >= 0 && id < VocabSize), "Script token ids must lie in [0, VocabSize).");
        Require(Variants.All(Enum.IsDefined), "Variants must be values of TinyModelVariant.");
        Require(FourBitAccuracyLevel is null or >= 0 and <= 4, "FourBitAccuracyLevel must be null or 0 to 4 (MatMulNBits' accuracy_level).");
        Require(DaViT is null || VisionLayers == 0, "VisionLayers belong to the cheap vision stand-in: set it to 0 with a DaViT stand-in.");
        DaViT?.Validate(ImageSize);
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
        {
            throw new ArgumentException(message);
        }
    }
}
