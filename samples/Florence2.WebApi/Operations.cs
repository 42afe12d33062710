using System.Diagnostics.CodeAnalysis;

namespace Florence2.WebApi;

/// <summary>The <c>/v1/{operation}</c> names: each <see cref="IFlorence2Model"/> method in kebab case, and its task token.</summary>
internal static class Operations
{
    private static readonly Dictionary<string, Func<TaskQuery, string>> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["caption"] = query => Florence2Task.Caption(query.Detail).Token,
        ["read-text"] = _ => TaskTokens.Ocr,
        ["read-text-with-regions"] = _ => TaskTokens.OcrWithRegion,
        ["detect-objects"] = _ => TaskTokens.ObjectDetection,
        ["caption-regions"] = _ => TaskTokens.DenseRegionCaption,
        ["propose-regions"] = _ => TaskTokens.RegionProposal,
        ["caption-to-phrase-grounding"] = _ => TaskTokens.CaptionToPhraseGrounding,
        ["segment-expression"] = _ => TaskTokens.ReferringExpressionSegmentation,
        ["segment-region"] = _ => TaskTokens.RegionToSegmentation,
        ["detect-open-vocabulary"] = _ => TaskTokens.OpenVocabularyDetection,
        ["classify-region"] = _ => TaskTokens.RegionToCategory,
        ["describe-region"] = _ => TaskTokens.RegionToDescription,
        ["read-region-text"] = _ => TaskTokens.RegionToOcr,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryGetTask(string operation, [NotNullWhen(true)] out Func<TaskQuery, string>? taskFor) =>
        ByName.TryGetValue(operation, out taskFor);
}
