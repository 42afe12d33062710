namespace Florence2;

/// <summary>A JSON configuration or tokenizer file of the model folder is malformed or holds an unusable value.</summary>
public sealed class ModelConfigException : ModelLoadException
{
    /// <summary>Creates the exception for one key of one file.</summary>
    public ModelConfigException(string filePath, string key, string message, Exception? innerException = null)
        : base(filePath, $"'{Path.GetFileName(filePath)}', '{key}': {message} File: {filePath}", innerException)
    {
        Key = key;
    }

    /// <summary>The JSON path of the offending value, e.g. <c>text_config.d_model</c>.</summary>
    public string Key { get; }
}
