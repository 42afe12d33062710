namespace Florence2.Hosting;

/// <summary>One registration that loads when the host starts (<c>LoadOnStartup</c>).</summary>
/// <param name="Name">The registration's options name.</param>
/// <param name="StartDegraded">Whether the host starts anyway when this model fails to load (its health check then says why).</param>
internal sealed record Florence2StartupLoad(string Name, bool StartDegraded);
