namespace Florence2.Testing;

/// <summary>
/// The <see cref="IFlorence2Model"/> member a recorded call went through. The typed task methods (<c>Caption</c>,
/// <c>DetectObjects</c>, ...) are extension methods over <see cref="Run"/> and <see cref="RunAsync"/>: which task they
/// ran is <see cref="Florence2Call.Task"/>, so a test scripts and checks tasks, not method names.
/// </summary>
public enum Florence2Method
{
    /// <summary><see cref="IFlorence2Model.Run{TResult}"/>, and every synchronous typed task method.</summary>
    Run,

    /// <summary><see cref="IFlorence2Model.RunAsync{TResult}"/>, and every <c>…Async</c> typed task method.</summary>
    RunAsync,

    /// <summary><see cref="IFlorence2Model.RunBatchAsync{TResult}"/>: one call is recorded per image.</summary>
    RunBatchAsync,

    /// <summary><see cref="IFlorence2Model.StreamTextAsync"/>.</summary>
    StreamTextAsync,

    /// <summary><see cref="IFlorence2Model.EncodeImage"/>.</summary>
    EncodeImage,

    /// <summary><see cref="IFlorence2Model.EncodeImageAsync"/>.</summary>
    EncodeImageAsync,
}
