namespace Florence2;

/// <summary>A file to download from a Hub repository.</summary>
/// <param name="Path">Path inside the repository with <c>/</c> separators, for example <c>onnx/encoder_model.onnx</c>.</param>
/// <param name="Required">
/// Whether the download fails when the repository lacks the file; an optional file that is missing is skipped.
/// </param>
public sealed record HubFile(string Path, bool Required = true);
