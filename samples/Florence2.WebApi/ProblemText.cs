namespace Florence2.WebApi;

/// <summary>
/// The detail of a problem made from an <see cref="ArgumentException"/>: its message without the " (Parameter 'name')"
/// that .NET appends, since the parameter names a variable of the library's code, not anything the caller sent.
/// </summary>
internal static class ProblemText
{
    public static string Of(ArgumentException exception)
    {
        var text = exception.Message;
        return exception.ParamName is { } name
            ? text.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal)
            : text;
    }
}
