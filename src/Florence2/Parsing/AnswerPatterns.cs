using System.Text.RegularExpressions;

namespace Florence2.Parsing;

/// <summary>
/// The reference's regular expressions (spec section 3), with <c>\d</c> narrowed to ASCII digits. Some carry an
/// anchor or atomic group Python's do not have; each is explained where it is and changes no match, only avoids
/// retrying start positions that cannot succeed. (OCR's pattern is replaced by <see cref="OcrLineFinder"/>.)
/// </summary>
internal static partial class AnswerPatterns
{
    /// <summary>
    /// A label followed by four or more location tokens (description_with_bboxes, phrase_grounding). Starts only where
    /// the search resumes (<c>\G</c>) or a run of non-<c>&lt;</c> characters starts: every later start in the run reaches
    /// the same <c>&lt;</c> and fails or succeeds with it, so Python's leftmost match is one of these.
    /// </summary>
    [GeneratedRegex(@"(?:\G|(?<![^<]))[^<]+(?:<loc_[0-9]+>){4,}")]
    public static partial Regex LabeledBoxPhrase();

    /// <summary>Four or more location tokens without a label (bboxes).</summary>
    [GeneratedRegex(@"(?:<loc_[0-9]+>){4,}")]
    public static partial Regex UnlabeledBoxPhrase();

    /// <summary>The label at the start of a box phrase.</summary>
    [GeneratedRegex(@"^\s*(.*?)(?=<od>|</od>|<box>|</box>|<bbox>|</bbox>|<loc_)")]
    public static partial Regex BoxPhraseLabel();

    /// <summary>A label followed by four or more location or polygon tokens (description_with_polygons); anchored as <see cref="LabeledBoxPhrase"/>.</summary>
    [GeneratedRegex(@"(?:\G|(?<![^<]))[^<]+(?:<loc_[0-9]+>|<sep>|<poly>|</poly>){4,}")]
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

    /// <summary>
    /// One polygon: a run of location tokens ended by <c>&lt;sep&gt;</c> or the end of the instance; group 1 is the run.
    /// Starts only at a run's first token and takes the run whole: a shorter run or a later start is followed by
    /// another location token, never by <c>&lt;sep&gt;</c> or the end.
    /// </summary>
    [GeneratedRegex(@"(?<!<loc_[0-9]+>)((?>(?:<loc_[0-9]+>)+))(?:<sep>|$)")]
    public static partial Regex PolygonCoordinates();
}
