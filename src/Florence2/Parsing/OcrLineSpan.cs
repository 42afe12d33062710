namespace Florence2.Parsing;

/// <summary>One OCR line found in the cleaned answer: its label's character range and its first location token.</summary>
/// <param name="LabelStart">Offset of the label's first character.</param>
/// <param name="LabelEnd">Offset after the label (where the eight location tokens start).</param>
/// <param name="FirstToken">Index, in the token list the finder filled, of the line's first location token.</param>
internal readonly record struct OcrLineSpan(int LabelStart, int LabelEnd, int FirstToken);
