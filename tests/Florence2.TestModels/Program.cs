using System.Globalization;
using Florence2.TestModels;

// Writes a tiny Florence-2-shaped model folder (onnx-community layout) for demos, samples and benchmarks.
const string usage = """
    usage: Florence2.TestModels --out DIR [--script TEXT] [--seed N] [--num-beams N] [--fp16]

      --out DIR       folder to write (created or overwritten)
      --script TEXT   make the decoder answer TEXT (special tokens such as <loc_12> allowed); default: random weights only
      --seed N        weight seed (default 1234)
      --num-beams N   num_beams written to generation_config.json (default 3)
      --fp16          also write the _fp16 variants of the four modules
    """;

string? output = null;
var options = new TinyModelOptions();
for (var i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
    int NextInt() => int.Parse(Next(), NumberStyles.None, CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--out": output = Next(); break;
        case "--script": options = options with { Script = TestModelFolder.ScriptFor(Next()) }; break;
        case "--seed": options = options with { Seed = NextInt() }; break;
        case "--num-beams": options = options with { NumBeams = NextInt() }; break;
        case "--fp16": options = options with { WriteFp16Variants = true }; break;
        case "-h" or "--help": Console.WriteLine(usage); return 0;
        default: Console.Error.WriteLine($"Unknown option '{args[i]}'.\n{usage}"); return 2;
    }
}

if (output is null)
{
    Console.Error.WriteLine($"--out is required.\n{usage}");
    return 2;
}

TestModelFolder.Write(output, options);
Console.WriteLine($"Wrote a tiny Florence-2 test model to {Path.GetFullPath(output)}" +
    (options.Script is null ? " (random weights)." : $" (scripted: {options.Script.Count} answer tokens)."));
return 0;
