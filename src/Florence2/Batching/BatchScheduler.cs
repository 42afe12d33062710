using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace Florence2.Batching;

/// <summary>
/// Cuts a sequence into batches and runs at most a given number of them at once on the thread pool, yielding each
/// batch's outputs as soon as it finishes. Items are read lazily: a new batch is cut only when a slot is free, and a
/// slot is freed only when its outputs fit in a buffer of one round of batches, so a slow consumer holds the work back
/// instead of letting it run ahead unbounded. Cancelling, stopping the enumeration early, or a batch that throws stops
/// every batch still running.
/// </summary>
internal static class BatchScheduler
{
    /// <param name="items">The input, enumerated once.</param>
    /// <param name="batchSize">Items per batch (the last may be smaller).</param>
    /// <param name="maxInFlight">Batches running at once.</param>
    /// <param name="process">Runs one batch: the index of its first item, the items, the stop token; returns its outputs.</param>
    /// <param name="cancellationToken">Stops everything.</param>
    public static async IAsyncEnumerable<TOut> RunAsync<TIn, TOut>(IEnumerable<TIn> items, int batchSize, int maxInFlight,
        Func<int, IReadOnlyList<TIn>, CancellationToken, IReadOnlyList<TOut>> process, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var outputs = Channel.CreateBounded<TOut>(new BoundedChannelOptions(checked(batchSize * maxInFlight)) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var producer = Task.Run(() => ProduceAsync(items, batchSize, maxInFlight, process, outputs.Writer, stop), CancellationToken.None);
        try
        {
            await foreach (var output in outputs.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                yield return output;
            }
        }
        finally
        {
            // Reached on completion, on an error and when the consumer stops early: nothing may keep running.
            await stop.CancelAsync().ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
    }

    /// <summary>Starts the batches and completes <paramref name="writer"/> when all have ended; never throws.</summary>
    private static async Task ProduceAsync<TIn, TOut>(IEnumerable<TIn> items, int batchSize, int maxInFlight,
        Func<int, IReadOnlyList<TIn>, CancellationToken, IReadOnlyList<TOut>> process, ChannelWriter<TOut> writer, CancellationTokenSource stop)
    {
        using var slots = new SemaphoreSlim(maxInFlight);
        var running = new List<Task>();
        Exception? failure = null;
        var token = stop.Token;

        void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref failure, e, null);
            stop.Cancel();
        }

        try
        {
            var batch = new List<TIn>(batchSize);
            var first = 0;
            var next = 0;
            foreach (var item in items)
            {
                batch.Add(item);
                next++;
                if (batch.Count == batchSize)
                {
                    await StartAsync(batch, first).ConfigureAwait(false);
                    batch = new List<TIn>(batchSize);
                    first = next;
                }
            }

            if (batch.Count > 0)
            {
                await StartAsync(batch, first).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped while waiting for a slot; the reason is recorded below.
        }
        catch (Exception e)
        {
            // The input sequence itself threw.
            Fail(e);
        }

        // The batches catch their own exceptions (Fail), so this never throws.
        await Task.WhenAll(running).ConfigureAwait(false);
        if (failure is null && token.IsCancellationRequested)
        {
            failure = new OperationCanceledException(token);
        }

        writer.TryComplete(failure);

        async Task StartAsync(List<TIn> batchItems, int firstIndex)
        {
            await slots.WaitAsync(token).ConfigureAwait(false);
            running.Add(Task.Run(async () =>
            {
                try
                {
                    foreach (var output in process(firstIndex, batchItems, token))
                    {
                        await writer.WriteAsync(output, token).ConfigureAwait(false);
                    }
                }
                catch (OperationCanceledException) when (token.IsCancellationRequested)
                {
                    // Stopped (the consumer left, or another batch failed): the reason is recorded elsewhere.
                }
                catch (Exception e)
                {
                    Fail(e);
                }
                finally
                {
                    slots.Release();
                }
            }, CancellationToken.None));
        }
    }
}
