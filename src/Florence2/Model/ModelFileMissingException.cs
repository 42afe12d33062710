namespace Florence2;

/// <summary>A file the model folder must contain is not there.</summary>
public sealed class ModelFileMissingException : ModelLoadException
{
    /// <summary>Creates the exception for the missing file.</summary>
    public ModelFileMissingException(string filePath, string message) : base(filePath, message) { }
}
