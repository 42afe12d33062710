namespace Florence2.Hub;

/// <summary>What a <c>resolve</c> HEAD tells about a file: the commit it belongs to, its blob name and its size.</summary>
/// <param name="Commit">The commit the revision resolved to (<c>X-Repo-Commit</c>), 40 hex characters.</param>
/// <param name="Etag">The blob name: the SHA-256 of an LFS file (<c>X-Linked-Etag</c>) or the git blob id of a small file (<c>ETag</c>).</param>
/// <param name="Size">Bytes (<c>X-Linked-Size</c>, else <c>Content-Length</c>), when the server said.</param>
internal sealed record RemoteFile(string Commit, string Etag, long? Size);
