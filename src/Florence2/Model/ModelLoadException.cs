namespace Florence2;

/// <summary>
/// A model folder could not be loaded. <see cref="FilePath"/> names the file at fault; the derived types say
/// whether the file is missing, its tensors do not fit, or a configuration value is unusable.
/// </summary>
public class ModelLoadException : Florence2Exception
{
    /// <summary>Creates the exception for the given file.</summary>
    public ModelLoadException(string filePath, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FilePath = filePath;
    }

    /// <summary>Full path of the file that caused the failure.</summary>
    public string FilePath { get; }
}
