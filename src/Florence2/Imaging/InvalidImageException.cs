namespace Florence2;

/// <summary>
/// An image could not be used: its format is not enabled, its data is corrupt, it is larger than the configured
/// limits, or a raw pixel buffer does not match the width, height and stride given with it.
/// </summary>
public sealed class InvalidImageException : Florence2Exception
{
    /// <summary>Creates the exception with a message that says what was wrong and what would be right.</summary>
    public InvalidImageException(string message, Exception? innerException = null) : base(message, innerException) { }
}
