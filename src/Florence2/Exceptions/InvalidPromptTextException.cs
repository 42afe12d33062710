namespace Florence2;

/// <summary>
/// Text passed to a task cannot be sent to the model as given: it holds a token the model reserves for itself
/// (<c>&lt;s&gt;</c>, <c>&lt;/s&gt;</c>, <c>&lt;pad&gt;</c>, <c>&lt;loc_N&gt;</c>, <c>&lt;poly&gt;</c>, …) or a task token
/// (<c>&lt;OD&gt;</c>, …) inside a caption, expression or object name, or a UTF-16 surrogate without its pair, which has
/// no UTF-8 form. <see cref="Fragment"/> and <see cref="Index"/> say what and where. Derives from
/// <see cref="ArgumentException"/> because the caller's text is at fault.
/// </summary>
public sealed class InvalidPromptTextException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong and what would be right.</param>
    /// <param name="paramName">The argument that holds the text.</param>
    /// <param name="fragment">The offending token, or the lone surrogate written as <c>\uXXXX</c>.</param>
    /// <param name="index">Index of the fragment's first character in the text.</param>
    public InvalidPromptTextException(string message, string? paramName, string fragment, int index)
        : base(message, paramName)
    {
        Fragment = fragment;
        Index = index;
    }

    /// <summary>The offending token (e.g. <c>&lt;loc_5&gt;</c>), or the lone surrogate written as <c>\uXXXX</c>.</summary>
    public string Fragment { get; }

    /// <summary>Index (in UTF-16 code units) of the fragment's first character in the text.</summary>
    public int Index { get; }
}
