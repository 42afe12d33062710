using System.Net;
using System.Net.Http.Headers;
using Florence2.Testing;
using Florence2.Tests.Support;

namespace Florence2.Tests.Samples.WebApi;

/// <summary>What the endpoints pass to the model, seen through the recording double, and request cancellation.</summary>
public sealed class TaskDispatcherTests
{
    private static readonly byte[] Png = TestImages.Png(32, 32);

    [Fact]
    public async Task Query_parameters_become_the_call_and_its_options()
    {
        var model = new RecordingFlorence2Model { Strict = false };
        await using var app = await RunningWebApp.StartAsync([], model);

        using (var response = await app.Client.PostAsync("/v1/caption?detail=paragraph&minScore=0.5&numBeams=1&maxNewTokens=20", Image()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await app.Client.PostAsync("/v1/tasks?task=%3CREGION_TO_OCR%3E&region=1.5,2,30,40", Image()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using (var response = await app.Client.PostAsync("/v1/tasks?task=%3CDocVQA%3E&text=total%3F&answer=DescriptionWithBoxes", Image()))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var calls = model.Calls;
        Assert.Equal(3, calls.Count);
        Assert.Equal((Florence2Method.RunAsync, TaskTokens.MoreDetailedCaption), (calls[0].Method, calls[0].Token));
        Assert.Equal(0.5f, calls[0].Options!.MinimumScore);
        Assert.Equal((1, 20), (calls[0].GenerationOptions!.NumBeams, calls[0].GenerationOptions!.MaxNewTokens));
        Assert.Equal((TaskTokens.RegionToOcr, new BoundingBox(1.5f, 2, 30, 40)), (calls[1].Token, calls[1].Region!.Value));
        Assert.Equal(("<DocVQA>", "total?", AnswerKind.DescriptionWithBoxes), (calls[2].Token, calls[2].Text, calls[2].AnswerKind));
    }

    [Fact]
    public async Task A_client_that_hangs_up_cancels_the_model_call()
    {
        using var started = new SemaphoreSlim(0);
        var model = new RecordingFlorence2Model(call =>
        {
            started.Release();
            // Stands in for a long inference that watches its token, as the real model does inside ONNX Runtime.
            call.CancellationToken.WaitHandle.WaitOne(TimeSpan.FromSeconds(20));
            call.CancellationToken.ThrowIfCancellationRequested();
            return RecordingFlorence2Model.EmptyResult(call);
        });
        await using var app = await RunningWebApp.StartAsync([], model);
        using var hangUp = new CancellationTokenSource();

        var request = app.Client.PostAsync("/v1/detect-objects", Image(), hangUp.Token);
        Assert.True(await started.WaitAsync(TimeSpan.FromSeconds(10)));
        await hangUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var token = Assert.Single(model.Calls).CancellationToken;
        Assert.True(token.WaitHandle.WaitOne(TimeSpan.FromSeconds(10)), "RequestAborted did not reach the model.");
    }

    private static ByteArrayContent Image()
    {
        var content = new ByteArrayContent(Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        return content;
    }
}
