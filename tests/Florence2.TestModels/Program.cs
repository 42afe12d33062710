using System.Diagnostics;
using System.Globalization;
using Florence2.TestModels;

// Writes a Florence-2-shaped model folder (onnx-community layout) for demos, samples and benchmarks.
const string usage = """
    usage: Florence2.TestModels --out DIR [--size tiny|base] [--script TEXT | --detection-objects N] [--seed N]
                                [--num-beams N] [--vision-layers N] [--vision davit|transformer] [--fp16] [--variants LIST]
                                [--q4-accuracy-level N]

      --out DIR              folder to write (created or overwritten)
      --size tiny|base       tiny (d_model 32, the default) or Florence-2-base's sizes (d_model 768, 6+6 layers,
                             about 0.9 GB; generate on demand into a git-ignored folder such as artifacts/)
      --script TEXT          make the decoder answer TEXT (special tokens such as <loc_12> allowed); default: random weights only
      --detection-objects N  make the decoder answer an <OD>-shaped text of N boxes (5 tokens each, no repeated 3-gram)
      --seed N               weight seed (default 1234)
      --num-beams N          num_beams written to generation_config.json (default 3)
      --vision-layers N      transformer layers of the cheap vision stand-in (tiny: 0, base: 4)
      --vision davit         the DaViT-shaped vision stand-in instead: Florence-2-base's DaViT (about 380 GFLOPs per
                             image) with --size base, a miniature one with --size tiny; 'transformer' (the default)
                             keeps the cheap stand-in
      --fp16                 also write the _fp16 variants of the four modules
      --variants LIST        also write these variants of the four modules, comma-separated, from the same weights:
                             fp16, quantized, int8, uint8, q4, q4f16, or all
      --q4-accuracy-level N  write accuracy_level N into the q4/q4f16 MatMulNBits nodes (default: none, as the
                             onnx-community files; 4 = int8 arithmetic on the CPU)
    """;

string? output = null;
var options = new TinyModelOptions();
IReadOnlyList<int>? script = null;
int? visionLayers = null;
var davit = false;
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--out": output = Next(); break;
        case "--size":
            var size = Next();
            options = size switch
            {
                "tiny" => new TinyModelOptions(),
                "base" => TinyModelOptions.Base,
                _ => throw new ArgumentException($"--size must be tiny or base, not '{size}'."),
            } with
            {
                Seed = options.Seed, NumBeams = options.NumBeams, WriteFp16Variants = options.WriteFp16Variants, Variants = options.Variants,
                FourBitAccuracyLevel = options.FourBitAccuracyLevel,
            };
            break;
        case "--script": script = TestModelFolder.ScriptFor(Next()); break;
        case "--detection-objects": script = TestModelFolder.ScriptFor(DetectionAnswers.Create(NextInt())); break;
        case "--seed": options = options with { Seed = NextInt() }; break;
        case "--num-beams": options = options with { NumBeams = NextInt() }; break;
        case "--vision-layers": visionLayers = NextInt(); break;
        case "--vision":
            var vision = Next();
            davit = vision switch
            {
                "davit" => true,
                "transformer" => false,
                _ => throw new ArgumentException($"--vision must be davit or transformer, not '{vision}'."),
            };
            break;
        case "--fp16": options = options with { WriteFp16Variants = true }; break;
        case "--variants": options = options with { Variants = ParseVariants(Next()) }; break;
        case "--q4-accuracy-level": options = options with { FourBitAccuracyLevel = NextInt() }; break;
        case "-h" or "--help": Console.WriteLine(usage); return 0;
        default: Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{usage}"); return 2;
    }
}

if (output is null)
{
    Console.Error.WriteLine($"--out is required.\n{usage}");
    return 2;
}

options = options with { Script = script, VisionLayers = visionLayers ?? options.VisionLayers };
if (davit)
{
    options = options with { VisionLayers = 0, DaViT = options.DModel == TinyModelOptions.Base.DModel ? DaViTStandIn.Base : DaViTStandIn.Miniature };
}
var clock = Stopwatch.StartNew();
var summary = TestModelFolder.Write(output, options);
var bytes = new DirectoryInfo(output).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Wrote a d_model {options.DModel} Florence-2 test model to {Path.GetFullPath(output)} in {clock.Elapsed.TotalSeconds:F1} s, {bytes / 1e6:F1} MB") +
    (options.Script is null ? " (random weights)." : $" (scripted: {options.Script.Count} answer tokens)."));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Vision encoder ({(options.DaViT is null ? $"{options.VisionLayers} transformer layers" : "DaViT stand-in")}): {summary.VisionEncoderFlops / 1e9:F1} GFLOPs per image in MatMul and Conv, {summary.VisionEncoderParameters / 1e6:F1} M parameters."));
return 0;

static IReadOnlyList<TinyModelVariant> ParseVariants(string list)
{
    if (list == "all")
    {
        return TinyModelOptions.EveryVariant;
    }
    var names = Enum.GetValues<TinyModelVariant>().ToDictionary(v => TinyModelFiles.Suffix(v).TrimStart('_'), v => v);
    return [.. list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(name =>
        names.TryGetValue(name, out var variant) && variant != TinyModelVariant.Fp32
            ? variant
            : throw new ArgumentException($"Unknown variant '{name}' in --variants; use {string.Join(", ", names.Keys.Where(k => k.Length > 0))} or all."))];
}
