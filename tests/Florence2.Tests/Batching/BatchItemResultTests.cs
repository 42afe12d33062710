namespace Florence2.Tests.Batching;

/// <summary>A batch item holds either its result or its error.</summary>
public sealed class BatchItemResultTests
{
    [Fact]
    public void Item_results_hold_either_a_result_or_an_error()
    {
        var ok = new BatchItemResult<TextResult>(3, new TextResult("x", "x", new ImageSize(1, 1), false));
        var failed = new BatchItemResult<TextResult>(4, new InvalidImageException("bad"));

        Assert.True(ok.Succeeded);
        Assert.Null(ok.Error);
        Assert.False(failed.Succeeded);
        Assert.Null(failed.Result);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchItemResult<TextResult>(-1, new InvalidImageException("bad")));
        Assert.Throws<ArgumentNullException>(() => new BatchItemResult<TextResult>(0, (Exception)null!));
    }
}
