using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;
using System.Security.Cryptography;
using System.Text;
using Microsoft.ML.OnnxRuntime;

namespace Florence2.Runtime;

/// <summary>
/// A folder of graphs ONNX Runtime has already optimized (<see cref="SessionOptions.OptimizedModelFilePath"/>), so that
/// a later load skips the optimization passes. Each entry is keyed by everything its content depends on: the model
/// file's full path, size and modification time (and those of files beside it that share its name, such as external
/// weights), the ONNX Runtime version, the execution provider, the optimization level and the processor (a graph
/// optimized at <see cref="GraphOptimization.All"/> can hold layouts for this CPU's vector width). An entry whose
/// key text differs in any of these, or whose file size differs from the one recorded, is never used.
/// </summary>
/// <remarks>
/// Entry files are written under a temporary name and moved into place only after ONNX Runtime created the session
/// from the original, so a crash leaves no half-written entry under the real name. Writing an entry removes the
/// older entries of the same model file, provider and level. Safe for several processes: each writes its own
/// temporary file and the move replaces atomically.
/// </remarks>
internal sealed class OptimizedModelCache
{
    private const string FormatVersion = "florence2 optimized-model cache 1";

    public OptimizedModelCache(string directory)
    {
        Directory = Path.GetFullPath(directory);
    }

    public string Directory { get; }

    /// <summary>The entry for one module file opened with one provider at one level.</summary>
    public Entry For(string modelPath, ExecutionProviderChoice provider, GraphOptimization level)
    {
        var fullPath = Path.GetFullPath(modelPath);
        var owner = $"{fullPath}\n{provider}\n{level}";
        var key = new StringBuilder()
            .AppendLine(FormatVersion)
            .AppendLine(CultureInfo.InvariantCulture, $"model {Describe(fullPath)}");
        foreach (var sibling in Siblings(fullPath))
        {
            key.AppendLine(CultureInfo.InvariantCulture, $"beside {Describe(sibling)}");
        }

        key.AppendLine(CultureInfo.InvariantCulture, $"onnxruntime {OrtEnv.Instance().GetVersionString()}")
            .AppendLine(CultureInfo.InvariantCulture, $"provider {provider}")
            .AppendLine(CultureInfo.InvariantCulture, $"level {level}")
            .AppendLine(CultureInfo.InvariantCulture, $"processor {Processor}");
        var prefix = Hash(owner)[..16];
        var name = $"{Path.GetFileNameWithoutExtension(fullPath)}-{prefix}-{Hash(key.ToString())[..16]}";
        return new Entry(this, prefix, Path.Combine(Directory, name + ".onnx"), key.ToString());
    }

    /// <summary>The CPU as far as it can change an optimized graph: architecture, model name and vector extensions.</summary>
    internal static string Processor { get; } = DescribeProcessor();

    private static string Describe(string path)
    {
        var info = new FileInfo(path);
        return string.Create(CultureInfo.InvariantCulture, $"{path} {info.Length} bytes, modified {info.LastWriteTimeUtc.Ticks}");
    }

    // External weights and other files ONNX Runtime may read next to the model: "<name>.onnx_data", "<name>.onnx.data", ...
    private static IEnumerable<string> Siblings(string fullPath)
    {
        var folder = Path.GetDirectoryName(fullPath)!;
        var name = Path.GetFileName(fullPath);
        return System.IO.Directory.EnumerateFiles(folder, name + "*")
            .Where(p => !string.Equals(p, fullPath, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

    private static string DescribeProcessor()
    {
        var model = "unknown";
        try
        {
            if (OperatingSystem.IsLinux() && File.Exists("/proc/cpuinfo"))
            {
                model = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? model;
            }
            else if (Environment.GetEnvironmentVariable("PROCESSOR_IDENTIFIER") is { Length: > 0 } identifier)
            {
                model = identifier;
            }
        }
        catch (IOException)
        {
            // The model name only narrows the key; the vector extensions below are what the layouts depend on.
        }

        return $"{RuntimeInformation.ProcessArchitecture} {model} avx2={Avx2.IsSupported} fma={Fma.IsSupported} avx512f={Avx512F.IsSupported} "
            + $"avx512bw={Avx512BW.IsSupported} cores={Environment.ProcessorCount}";
    }

    /// <summary>One cached graph: where it is, the key it must carry, and how to write it.</summary>
    internal sealed class Entry(OptimizedModelCache cache, string ownerPrefix, string path, string key)
    {
        private readonly string _temporaryPath = $"{path}.{Guid.NewGuid():N}.tmp";

        public string Path { get; } = path;

        public string KeyPath => Path + ".key";

        /// <summary>Where ONNX Runtime writes the optimized graph while the session is created from the original.</summary>
        public string TemporaryPath => _temporaryPath;

        /// <summary>
        /// Whether a complete entry with exactly this key is there: the key file must hold this key and the size the
        /// graph file has now (a graph cut short by a full disk or another program fails here).
        /// </summary>
        public bool IsPresent()
        {
            try
            {
                if (!File.Exists(Path) || !File.Exists(KeyPath))
                {
                    return false;
                }

                return File.ReadAllText(KeyPath) == KeyText(new FileInfo(Path).Length);
            }
            catch (IOException)
            {
                return false;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
        }

        /// <summary>Moves the freshly written graph into place with its key, and removes older entries of the same model, provider and level.</summary>
        /// <exception cref="IOException">The folder cannot be written.</exception>
        public void Commit()
        {
            var length = new FileInfo(_temporaryPath).Length;
            File.Move(_temporaryPath, Path, overwrite: true);
            File.WriteAllText(KeyPath + ".tmp", KeyText(length));
            File.Move(KeyPath + ".tmp", KeyPath, overwrite: true);
            foreach (var stale in System.IO.Directory.EnumerateFiles(cache.Directory, $"*-{ownerPrefix}-*"))
            {
                if (!stale.StartsWith(Path, StringComparison.Ordinal) && !stale.EndsWith(".tmp", StringComparison.Ordinal))
                {
                    TryDelete(stale);
                }
            }
        }

        /// <summary>Removes this entry (a graph ONNX Runtime could not load) and any temporary file of this attempt.</summary>
        public void Remove()
        {
            TryDelete(KeyPath);
            TryDelete(Path);
            Abandon();
        }

        /// <summary>Removes the temporary file of this attempt, if ONNX Runtime wrote one.</summary>
        public void Abandon() => TryDelete(_temporaryPath);

        public void EnsureFolder() => System.IO.Directory.CreateDirectory(cache.Directory);

        private string KeyText(long graphLength) => string.Create(CultureInfo.InvariantCulture, $"{key}graph {graphLength} bytes\n");

        private static void TryDelete(string file)
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Another process may hold it; a leftover file is never used without its key.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
