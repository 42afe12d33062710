using System.Globalization;
using System.Text;

namespace Florence2.Reliability.Soak;

/// <summary>
/// One kind of call the soak makes: a task on an input image with fixed options. <see cref="Run"/> returns a
/// fingerprint of everything the result holds (generated ids, text, parsed items and their scores, bit for bit).
/// </summary>
internal sealed record SoakCall(string Name, Func<Florence2Model, CancellationToken, object> Invoke)
{
    public string Run(Florence2Model model, CancellationToken cancellationToken) => Fingerprint(Invoke(model, cancellationToken));

    /// <summary>The calls of a soak: caption, detection, OCR with regions, grounding, region description, greedy and beams, on several images.</summary>
    public static IReadOnlyList<SoakCall> Mix(IReadOnlyList<ImageInput> images)
    {
        var greedy = new TaskOptions { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = 16 } };
        var beams = new TaskOptions { Generation = new GenerationOptions { NumBeams = 3, MaxNewTokens = 16 } };
        var calls = new List<SoakCall>();
        for (int i = 0; i < images.Count; i++)
        {
            var image = images[i];
            string at = string.Create(CultureInfo.InvariantCulture, $"image {i}");
            calls.Add(new($"caption greedy, {at}", (m, t) => m.Caption(image, CaptionDetail.Brief, greedy, t)));
            calls.Add(new($"caption beams, {at}", (m, t) => m.Caption(image, CaptionDetail.Detailed, beams, t)));
            calls.Add(new($"detection beams, {at}", (m, t) => m.DetectObjects(image, beams, t)));
            calls.Add(new($"OCR with regions greedy, {at}", (m, t) => m.ReadTextWithRegions(image, greedy, t)));
            calls.Add(new($"grounding beams, {at}", (m, t) => m.CaptionToPhraseGrounding(image, "a red car on the road", beams, t)));
            calls.Add(new($"region description greedy, {at}", (m, t) => m.DescribeRegion(image, new BoundingBox(10, 20, 200, 150), greedy, t)));
        }

        return calls;
    }

    private static string Fingerprint(object result)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        var generation = result switch
        {
            TaskResult task => task.Generation,
            _ => null,
        };
        if (generation is not null)
        {
            text.Append(culture, $"ids {string.Join(',', generation.GeneratedTokenIds)}; score {BitConverter.DoubleToInt64Bits(generation.Score):x16}; ");
            foreach (var logProb in generation.TokenLogProbs)
            {
                text.Append(culture, $"{BitConverter.SingleToInt32Bits(logProb):x8} ");
            }
        }

        switch (result)
        {
            case TextResult r: text.Append("text ").Append(r.Text); break;
            case DetectionResult r: foreach (var d in r.Detections) { text.Append(culture, $"[{d.Label} {d.Box} {d.Score:R}]"); } break;
            case OcrResult r: foreach (var l in r.Lines) { text.Append(culture, $"[{l.Text} {l.Quad} {l.Score:R}]"); } break;
            case GroundingResult r: foreach (var g in r.Groundings) { text.Append(culture, $"[{g.Phrase} {string.Join(' ', g.Boxes)} {string.Join(' ', g.Scores)}]"); } break;
            default: text.Append(result); break;
        }

        return text.ToString();
    }
}
