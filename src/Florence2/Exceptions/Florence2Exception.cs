namespace Florence2;

/// <summary>
/// Base type of every exception the library throws for a problem it can name (a model folder that does not fit,
/// an image it will not decode, an option out of range). Catch this to handle all of them in one place.
/// </summary>
public class Florence2Exception : Exception
{
    /// <summary>Creates the exception with a message that says what was wrong and what would be right.</summary>
    public Florence2Exception(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public Florence2Exception(string message, Exception? innerException) : base(message, innerException) { }
}
