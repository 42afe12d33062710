namespace Florence2;

/// <summary>
/// Progress of one file of a <see cref="HubDownloader"/> download: <paramref name="BytesDone"/> of
/// <paramref name="BytesTotal"/> (null when the Hub did not say). A file found in the cache reports done at once.
/// </summary>
/// <param name="File">The file's path inside the repository, with <c>/</c> separators.</param>
/// <param name="BytesDone">Bytes on disk so far, a resumed part included.</param>
/// <param name="BytesTotal">The file's size, when known.</param>
public sealed record DownloadProgress(string File, long BytesDone, long? BytesTotal);
