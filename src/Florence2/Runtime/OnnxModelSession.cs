using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Florence2.Runtime;

/// <summary>
/// One ONNX Runtime session whose inputs and outputs were checked against the model configuration when it was
/// created. Knows the element type each tensor has in this file, so callers convert float32 to float16 only where
/// the file asks for it. <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, and so is this type after construction.
/// </summary>
internal sealed class OnnxModelSession : IDisposable
{
    private readonly Dictionary<string, TensorElementType> _inputTypes;
    private readonly Dictionary<string, TensorElementType> _outputTypes;

    private OnnxModelSession(string path, string loadedFrom, InferenceSession session)
    {
        FilePath = path;
        LoadedFrom = loadedFrom;
        Session = session;
        _inputTypes = new Dictionary<string, TensorElementType>(StringComparer.Ordinal);
        foreach (var (name, meta) in session.InputMetadata)
        {
            _inputTypes[name] = meta.ElementDataType;
        }

        _outputTypes = new Dictionary<string, TensorElementType>(StringComparer.Ordinal);
        foreach (var (name, meta) in session.OutputMetadata)
        {
            _outputTypes[name] = meta.ElementDataType;
        }
    }

    /// <summary>The model's own file, as messages name it.</summary>
    public string FilePath { get; }

    /// <summary>The file ONNX Runtime read: <see cref="FilePath"/>, or a graph it optimized earlier (<see cref="OptimizedModelCache"/>).</summary>
    public string LoadedFrom { get; }

    public InferenceSession Session { get; }

    /// <summary>
    /// Creates the session and checks every expected input and output. Extra inputs the library does not know are
    /// an error too: the session would reject a run that does not feed them.
    /// </summary>
    /// <param name="path">The file to load.</param>
    /// <param name="options">Session options.</param>
    /// <param name="inputs">The inputs the file must have, and no others.</param>
    /// <param name="outputs">The outputs the file must have.</param>
    /// <param name="sourcePath">The model file <paramref name="path"/> was made from, when it is a cached optimized graph.</param>
    public static OnnxModelSession Open(string path, SessionOptions options, IReadOnlyList<TensorSpec> inputs, IReadOnlyList<TensorSpec> outputs, string? sourcePath = null)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelLoadException(path, $"ONNX Runtime could not load '{path}': {e.Message}", e);
        }

        try
        {
            Check(path, "input", session.InputMetadata, inputs, rejectExtra: true);
            Check(path, "output", session.OutputMetadata, outputs, rejectExtra: false);
            return new OnnxModelSession(sourcePath ?? path, path, session);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public TensorElementType InputType(string name) => _inputTypes[name];

    public TensorElementType OutputType(string name) => _outputTypes[name];

    public void Dispose() => Session.Dispose();

    private static void Check(string path, string role, IReadOnlyDictionary<string, NodeMetadata> actual, IReadOnlyList<TensorSpec> expected, bool rejectExtra)
    {
        foreach (var spec in expected)
        {
            if (!actual.TryGetValue(spec.Name, out var meta))
            {
                throw new ModelSignatureException(path, spec.Name, $"an {role} of {spec.Describe()}",
                    $"missing (the file's {role}s are: {string.Join(", ", actual.Keys)})");
            }

            if (!meta.IsTensor || !spec.Accepts(meta.ElementDataType))
            {
                throw new ModelSignatureException(path, spec.Name, spec.Describe(), Describe(meta));
            }

            var dims = meta.Dimensions;
            var fits = dims.Length == spec.Dims.Length;
            for (var i = 0; fits && i < dims.Length; i++)
            {
                fits = spec.Dims[i] is not { } want || dims[i] <= 0 || dims[i] == want;
            }

            if (!fits)
            {
                throw new ModelSignatureException(path, spec.Name, spec.Describe(), Describe(meta));
            }
        }

        if (rejectExtra)
        {
            foreach (var name in actual.Keys)
            {
                var known = false;
                foreach (var spec in expected)
                {
                    known |= spec.Name == name;
                }

                if (!known)
                {
                    throw new ModelSignatureException(path, name, $"no such {role} (this file does not match the onnx-community Florence-2 export)", $"an {role} of {Describe(actual[name])}");
                }
            }
        }
    }

    private static string Describe(NodeMetadata meta)
    {
        if (!meta.IsTensor)
        {
            return meta.OnnxValueType.ToString();
        }

        var dims = new string[meta.Dimensions.Length];
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = meta.Dimensions[i] > 0
                ? meta.Dimensions[i].ToString(CultureInfo.InvariantCulture)
                : string.IsNullOrEmpty(meta.SymbolicDimensions[i]) ? "?" : meta.SymbolicDimensions[i];
        }

        return $"{meta.ElementDataType.ToString().ToLowerInvariant()} [{string.Join(", ", dims)}]";
    }
}
