namespace Florence2.Tests.Acceptance;

/// <summary>One answer of the acceptance suite, as recorded for review.</summary>
/// <param name="Image">The image's file name.</param>
/// <param name="Task">The task and its input, e.g. <c>&lt;OD&gt;</c> or <c>&lt;REGION_TO_CATEGORY&gt; 117,188,523,413</c>.</param>
/// <param name="Setting">How it ran: variant, provider and beams, e.g. <c>fp32 cpu beams=default</c>.</param>
/// <param name="RawText">The raw answer, special tokens kept.</param>
/// <param name="Parsed">The parsed result in one line.</param>
/// <param name="TokenIds">The generated token ids.</param>
public sealed record AnswerRecord(string Image, string Task, string Setting, string RawText, string Parsed, IReadOnlyList<int> TokenIds);
