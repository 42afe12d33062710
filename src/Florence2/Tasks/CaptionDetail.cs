namespace Florence2;

/// <summary>How much a caption says.</summary>
public enum CaptionDetail
{
    /// <summary>A short caption (<c>&lt;CAPTION&gt;</c>).</summary>
    Brief = 0,

    /// <summary>A sentence or two (<c>&lt;DETAILED_CAPTION&gt;</c>).</summary>
    Detailed,

    /// <summary>A paragraph (<c>&lt;MORE_DETAILED_CAPTION&gt;</c>).</summary>
    Paragraph,
}
