using Florence2.Runtime;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Generation;

/// <summary>
/// One decode through <c>decoder_model_merged.onnx</c>. Step 0 runs the no-cache branch with empty past tensors
/// and keeps the encoder key/values it returns; later steps run the cache branch with the newest token only,
/// feeding back the decoder key/values of the previous step and the step-0 encoder key/values (the cache branch
/// returns empty placeholders for those). The cache tensors are the ones ONNX Runtime returned: they are passed
/// back as they are, never copied, and beam reordering permutes their rows in place.
/// </summary>
internal sealed class OnnxStepDecoder : IStepDecoder
{
    private const int FixedInputs = 4;

    private readonly OnnxModelSession _embed;
    private readonly OnnxModelSession _decoder;
    private readonly DecoderSignature _signature;
    private readonly OnnxRun _run;
    private OrtValue _encoderMask;
    private OrtValue _encoderHidden;
    private readonly OrtValue _useCacheFalse = OrtValue.CreateTensorValueFromMemory(new[] { false }, [1]);
    private readonly OrtValue _useCacheTrue = OrtValue.CreateTensorValueFromMemory(new[] { true }, [1]);
    private long[] _tokenIds;
    private OrtValue _tokenTensor;
    private readonly OrtValue?[] _pastDecoder;
    private readonly OrtValue?[] _encoderCache;
    private readonly OrtValue[] _inputs;
    private float[] _logits;
    private readonly Action<int, OrtValue[]>? _beforeStep;
    private int _step;

    /// <summary>Takes ownership of <paramref name="encoderHidden"/> ([rows, E, D] in the decoder's element type)
    /// and <paramref name="encoderMask"/> ([rows, E] int64).</summary>
    public OnnxStepDecoder(OnnxModelSession embed, OnnxModelSession decoder, DecoderSignature signature, OnnxRun run,
        int rows, OrtValue encoderHidden, OrtValue encoderMask, Action<int, OrtValue[]>? beforeStep)
    {
        _embed = embed;
        _decoder = decoder;
        _signature = signature;
        _run = run;
        Rows = rows;
        VocabularySize = signature.Config.VocabSize;
        _encoderHidden = encoderHidden;
        _encoderMask = encoderMask;
        _beforeStep = beforeStep;
        _tokenIds = new long[rows];
        _tokenTensor = OrtValue.CreateTensorValueFromMemory(_tokenIds, [rows, 1]);
        var cacheCount = signature.PastDecoderNames.Length;
        _pastDecoder = new OrtValue?[cacheCount];
        _encoderCache = new OrtValue?[cacheCount];
        _inputs = new OrtValue[FixedInputs + (2 * cacheCount)];
        _logits = new float[rows * VocabularySize];
    }

    public int Rows { get; private set; }

    public int VocabularySize { get; }

    public ReadOnlySpan<float> Step(ReadOnlySpan<long> tokens, CancellationToken cancellationToken)
    {
        if (tokens.Length != Rows)
        {
            throw new ArgumentException($"Expected {Rows} tokens (one per row), got {tokens.Length}.", nameof(tokens));
        }

        tokens.CopyTo(_tokenIds);
        var cacheCount = _pastDecoder.Length;
        var first = _step == 0;
        OrtValue? embeds = null;
        var emptyPast = first ? new OrtValue[2 * cacheCount] : null;
        IDisposableReadOnlyCollection<OrtValue>? outputs = null;
        try
        {
            // The single output is taken over (disposing the collection would dispose it too).
            embeds = _run.Run(_embed, _signature.EmbedInputNames, [_tokenTensor], _signature.EmbedOutputNames)[0];

            embeds = OrtTensors.ConvertFloating(embeds, _decoder.InputType(DecoderSignature.InputsEmbeds));

            _inputs[0] = _encoderMask;
            _inputs[1] = _encoderHidden;
            _inputs[2] = embeds;
            _inputs[3] = first ? _useCacheFalse : _useCacheTrue;
            var heads = _signature.Config.DecoderHeads;
            var headDim = _signature.Config.DecoderHeadDim;
            for (var i = 0; i < cacheCount; i++)
            {
                if (first)
                {
                    emptyPast![i] = OrtTensors.Empty(_decoder.InputType(_signature.PastDecoderNames[i]), [Rows, heads, 0, headDim]);
                    emptyPast[cacheCount + i] = OrtTensors.Empty(_decoder.InputType(_signature.PastEncoderNames[i]), [Rows, heads, 0, headDim]);
                    _inputs[FixedInputs + i] = emptyPast[i];
                    _inputs[FixedInputs + cacheCount + i] = emptyPast[cacheCount + i];
                }
                else
                {
                    _inputs[FixedInputs + i] = _pastDecoder[i]!;
                    _inputs[FixedInputs + cacheCount + i] = _encoderCache[i]!;
                }
            }

            _beforeStep?.Invoke(_step, _inputs);
            outputs = _run.Run(_decoder, _signature.DecoderInputNames, _inputs, _signature.DecoderOutputNames);
            TakeOutputs(outputs, first);
            outputs = null;
            _step++;
            return _logits;
        }
        finally
        {
            embeds?.Dispose();
            if (emptyPast is not null)
            {
                foreach (var value in emptyPast)
                {
                    value?.Dispose();
                }
            }

            if (outputs is not null)
            {
                foreach (var value in outputs)
                {
                    value.Dispose();
                }
            }
        }
    }

    public void ReorderRows(ReadOnlySpan<int> sources)
    {
        if (sources.Length != Rows)
        {
            throw new ArgumentException($"Expected {Rows} source rows, got {sources.Length}.", nameof(sources));
        }

        if (RowPermutation.IsIdentity(sources))
        {
            return;
        }

        foreach (var past in _pastDecoder)
        {
            if (past is not null)
            {
                RowPermutation.Apply(past.GetTensorMutableRawData(), sources);
            }
        }
    }

    public void KeepRows(ReadOnlySpan<int> rows)
    {
        if (rows.Length == 0 || rows.Length > Rows)
        {
            throw new ArgumentException($"Expected between 1 and {Rows} rows to keep, got {rows.Length}.", nameof(rows));
        }

        for (var i = 0; i < rows.Length; i++)
        {
            if (rows[i] < 0 || rows[i] >= Rows || (i > 0 && rows[i] <= rows[i - 1]))
            {
                throw new ArgumentException($"Rows to keep must be ascending and below {Rows}; entry {i} is {rows[i]}.", nameof(rows));
            }
        }

        if (rows.Length == Rows)
        {
            return;
        }

        // Every per-row tensor is row-major with the row first, so a kept row is one contiguous block.
        _encoderHidden = KeepRowsOf(_encoderHidden, rows);
        _encoderMask = KeepRowsOf(_encoderMask, rows);
        for (var i = 0; i < _pastDecoder.Length; i++)
        {
            if (_pastDecoder[i] is { } past)
            {
                _pastDecoder[i] = KeepRowsOf(past, rows);
            }

            if (_encoderCache[i] is { } cache)
            {
                _encoderCache[i] = KeepRowsOf(cache, rows);
            }
        }

        Rows = rows.Length;
        _tokenTensor.Dispose();
        _tokenIds = new long[Rows];
        _tokenTensor = OrtValue.CreateTensorValueFromMemory(_tokenIds, [Rows, 1]);
        _logits = new float[Rows * VocabularySize];
    }

    public void Dispose()
    {
        for (var i = 0; i < _pastDecoder.Length; i++)
        {
            _pastDecoder[i]?.Dispose();
            _encoderCache[i]?.Dispose();
        }

        _tokenTensor.Dispose();
        _useCacheFalse.Dispose();
        _useCacheTrue.Dispose();
        _encoderHidden.Dispose();
        _encoderMask.Dispose();
    }

    /// <summary>A new tensor holding the listed rows of <paramref name="source"/>, which is disposed.</summary>
    private static OrtValue KeepRowsOf(OrtValue source, ReadOnlySpan<int> rows)
    {
        var info = source.GetTensorTypeAndShape();
        var shape = info.Shape;
        var rowCount = shape[0];
        shape[0] = rows.Length;
        var kept = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, info.ElementDataType, shape);
        try
        {
            var from = source.GetTensorMutableRawData();
            var to = kept.GetTensorMutableRawData();
            var rowBytes = checked((int)(from.Length / rowCount));
            for (var i = 0; i < rows.Length; i++)
            {
                from.Slice(rows[i] * rowBytes, rowBytes).CopyTo(to.Slice(i * rowBytes, rowBytes));
            }
        }
        catch
        {
            kept.Dispose();
            throw;
        }

        source.Dispose();
        return kept;
    }

    /// <summary>Reads the logits and keeps the cache outputs; every output is either kept or disposed here.</summary>
    private void TakeOutputs(IDisposableReadOnlyCollection<OrtValue> outputs, bool first)
    {
        var logits = outputs[0];
        try
        {
            // logits is [rows, fed tokens, V]; one token is fed per step, so the rows are contiguous.
            OrtTensors.ReadFloating(logits, _logits);
        }
        finally
        {
            logits.Dispose();
        }

        var layers = _signature.Config.DecoderLayers;
        for (var layer = 0; layer < layers; layer++)
        {
            for (var j = 0; j < 2; j++)
            {
                var cacheIndex = (2 * layer) + j;
                var decoderPresent = outputs[1 + (4 * layer) + j];
                var encoderPresent = outputs[1 + (4 * layer) + 2 + j];
                _pastDecoder[cacheIndex]?.Dispose();
                _pastDecoder[cacheIndex] = decoderPresent;
                if (first)
                {
                    _encoderCache[cacheIndex] = encoderPresent;
                }
                else
                {
                    encoderPresent.Dispose();
                }
            }
        }
    }
}
