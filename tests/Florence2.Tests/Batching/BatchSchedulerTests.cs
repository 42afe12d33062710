using Florence2.Tests.Support;
using Florence2.TestModels;

namespace Florence2.Tests.Batching;

/// <summary>Bounded parallelism, cancellation and early stopping of <see cref="Florence2Model.RunBatchAsync{TResult}"/>.</summary>
public sealed class BatchSchedulerTests : IDisposable
{
    private static readonly TaskOptions Greedy = new() { Generation = new GenerationOptions { NumBeams = 1, MaxNewTokens = 3 } };

    private readonly TempModelFolder _folder = new(new TinyModelOptions { Script = TestModelFolder.ScriptFor("a b c d e f") });

    public void Dispose() => _folder.Dispose();

    private static ImageInput[] Images(int count) => Enumerable.Range(0, count).Select(i => TestImages.Input(64 + i, 48, i)).ToArray();

    [Fact]
    public async Task No_more_batches_than_allowed_run_at_once()
    {
        var (model, _, text) = CountingStages.Open(_folder.Path);
        using (model)
        using (var firstTwo = new CountdownEvent(2))
        {
            // The first two batches wait for each other, so two really are in flight together at some point.
            var arrivals = 0;
            text.OnBatch = () =>
            {
                if (Interlocked.Increment(ref arrivals) <= 2)
                {
                    firstTwo.Signal();
                    firstTwo.Wait(TimeSpan.FromSeconds(60));
                }
            };

            var seen = new HashSet<int>();
            await foreach (var item in model.RunBatchAsync(Images(7), Florence2Task.Caption(), new BatchOptions { BatchSize = 2, MaxDegreeOfParallelism = 2, TaskOptions = Greedy }))
            {
                Assert.True(item.Succeeded);
                Assert.True(seen.Add(item.Index));
            }

            Assert.Equal(Enumerable.Range(0, 7), seen.Order());
            Assert.Equal(2, text.MaxConcurrentBatches);
            Assert.Equal(4, text.Batches);
            Assert.Equal([1, 2, 2, 2], text.BatchSizes.Order());
        }
    }

    [Fact]
    public async Task One_batch_at_a_time_by_default()
    {
        var (model, _, text) = CountingStages.Open(_folder.Path);
        using (model)
        {
            var count = 0;
            await foreach (var item in model.RunBatchAsync(Images(5), Florence2Task.ReadText(), new BatchOptions { BatchSize = 1, TaskOptions = Greedy }))
            {
                count++;
            }

            Assert.Equal(5, count);
            Assert.Equal(1, text.MaxConcurrentBatches);
            Assert.Equal(5, text.Batches);
        }
    }

    [Fact]
    public async Task Cancelling_stops_the_running_batch_and_starts_no_other()
    {
        var (model, _, text) = CountingStages.Open(_folder.Path);
        using (model)
        using (var cancel = new CancellationTokenSource())
        {
            text.OnBatch = () =>
            {
                if (text.Batches == 2)
                {
                    cancel.Cancel();
                }
            };
            var received = new List<int>();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var item in model.RunBatchAsync(Images(6), Florence2Task.Caption(), new BatchOptions { BatchSize = 1, TaskOptions = Greedy }, cancel.Token))
                {
                    received.Add(item.Index);
                }
            });

            Assert.Equal(2, text.Batches);
            Assert.True(received.Count <= 1);
        }
    }

    [Fact]
    public async Task A_cancelled_token_runs_nothing()
    {
        var (model, vision, text) = CountingStages.Open(_folder.Path);
        using (model)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            {
                await foreach (var item in model.RunBatchAsync(Images(3), Florence2Task.Caption(), cancellationToken: new CancellationToken(true)))
                {
                }
            });

            Assert.Equal(0, vision.Runs);
            Assert.Equal(0, text.Batches);
        }
    }

    [Fact]
    public async Task Stopping_the_enumeration_early_stops_the_work()
    {
        var (model, _, text) = CountingStages.Open(_folder.Path);
        using (model)
        {
            await foreach (var item in model.RunBatchAsync(Images(8), Florence2Task.Caption(), new BatchOptions { BatchSize = 1, TaskOptions = Greedy }))
            {
                break;
            }

            // Leaving the loop waited for the running batch; at most the next one had started meanwhile.
            var after = text.Batches;
            Assert.InRange(after, 1, 2);
            await Task.Delay(200);
            Assert.Equal(after, text.Batches);
        }
    }

    [Fact]
    public async Task A_slow_consumer_holds_the_batches_back()
    {
        var (model, _, text) = CountingStages.Open(_folder.Path);
        using (model)
        {
            await using var items = model.RunBatchAsync(Images(8), Florence2Task.Caption(), new BatchOptions { BatchSize = 1, TaskOptions = Greedy })
                .GetAsyncEnumerator();
            Assert.True(await items.MoveNextAsync());

            // The consumer holds the first result; the work may run ahead by one buffered result and one batch waiting
            // to hand its result over, not through the whole input.
            await Task.Delay(1000);
            Assert.InRange(text.Batches, 1, 3);
        }
    }

    [Fact]
    public async Task An_input_sequence_that_throws_ends_the_enumeration_with_its_exception()
    {
        using var model = Florence2Model.Load(_folder.Path);

        static IEnumerable<ImageInput> Broken()
        {
            yield return TestImages.Input(64, 48);
            throw new IOException("disk gone");
        }

        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var item in model.RunBatchAsync(Broken(), Florence2Task.Caption(), new BatchOptions { BatchSize = 1, TaskOptions = Greedy }))
            {
            }
        });
        Assert.Equal("disk gone", error.Message);
    }
}
