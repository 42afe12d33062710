using System.Text.RegularExpressions;

namespace Florence2.Parsing;

/// <summary>
/// The reference's regular expressions (spec section 3), with <c>\d</c> narrowed to ASCII digits. All are linear or
/// at worst quadratic in the answer length, and answers are at most a few thousand characters.
/// </summary>
internal static partial class AnswerPatterns
{
    /// <summary>A label followed by four or more location tokens (description_with_bboxes, phrase_grounding).</summary>
    [GeneratedRegex(@"[^<]+(?:<loc_[0-9]+>){4,}")]
    public static partial Regex LabeledBoxPhrase();

    /// <summary>Four or more location tokens without a label (bboxes).</summary>
    [GeneratedRegex(@"(?:<loc_[0-9]+>){4,}")]
    public static partial Regex UnlabeledBoxPhrase();

    /// <summary>The label at the start of a box phrase.</summary>
    [GeneratedRegex(@"^\s*(.*?)(?=<od>|</od>|<box>|</box>|<bbox>|</bbox>|<loc_)")]
    public static partial Regex BoxPhraseLabel();

    /// <summary>OCR: the shortest text followed by eight location tokens; group 1 is the text.</summary>
    [GeneratedRegex(@"(.+?)(?:<loc_[0-9]+>){8}")]
    public static partial Regex OcrLine();

    /// <summary>A label followed by four or more location or polygon tokens (description_with_polygons).</summary>
    [GeneratedRegex(@"[^<]+(?:<loc_[0-9]+>|<sep>|<poly>|</poly>){4,}")]
    public static partial Regex LabeledPolygonPhrase();

    /// <summary>Four or more location or polygon tokens without a label (polygons).</summary>
    [GeneratedRegex(@"(?:<loc_[0-9]+>|<sep>|<poly>|</poly>){4,}")]
    public static partial Regex UnlabeledPolygonPhrase();

    /// <summary>The label at the start of a polygon phrase.</summary>
    [GeneratedRegex(@"^\s*(.*?)(?=<od>|</od>|<box>|</box>|<bbox>|</bbox>|<loc_|<poly>)")]
    public static partial Regex PolygonPhraseLabel();

    /// <summary>One instance between <c>&lt;poly&gt;</c> and <c>&lt;/poly&gt;</c>; group 1 is its content.</summary>
    [GeneratedRegex(@"<poly>(.*?)</poly>")]
    public static partial Regex PolygonInstance();

    /// <summary>One polygon: a run of location tokens ended by <c>&lt;sep&gt;</c> or the end of the instance; group 1 is the run.</summary>
    [GeneratedRegex(@"((?:<loc_[0-9]+>)+)(?:<sep>|$)")]
    public static partial Regex PolygonCoordinates();
}
