using System.Globalization;

namespace Florence2.Hosting;

/// <summary>
/// Turns bindable <see cref="Florence2Options"/> into <see cref="Florence2ModelOptions"/>, collecting one message per
/// bad setting. The validator and the model factory share it, so what validates is exactly what loads.
/// </summary>
internal static class Florence2OptionsConverter
{
    private static readonly string VariantNames = string.Join(", ", Enum.GetNames<ModelVariant>());
    private static readonly string OptimizationNames = string.Join(", ", Enum.GetNames<GraphOptimization>());
    private static readonly string FormatNames = string.Join(", ", Enum.GetNames<ImageFormats>().Where(n => n != nameof(ImageFormats.None)));

    /// <summary>Converts <paramref name="options"/>; returns null and adds to <paramref name="failures"/> when a setting is bad.</summary>
    /// <param name="options">The bound options.</param>
    /// <param name="name">The options name (the service key's text; empty for the unkeyed model), used in messages.</param>
    /// <param name="failures">Receives one message per bad setting.</param>
    public static Florence2ModelOptions? Convert(Florence2Options options, string name, List<string> failures)
    {
        int before = failures.Count;
        string prefix = string.IsNullOrEmpty(name) ? "Florence2 options: " : $"Florence2 options '{name}': ";
        void Fail(string message) => failures.Add(prefix + message);

        if (!string.IsNullOrWhiteSpace(options.ModelId))
        {
            if (!string.IsNullOrWhiteSpace(options.ModelPath))
            {
                Fail($"ModelPath '{options.ModelPath}' and ModelId '{options.ModelId}' are both set; give one: a local folder or a Hub repository.");
            }

            try
            {
                Hub.HubNames.ValidateRepoId(options.ModelId);
                Hub.HubNames.ValidateRevision(options.Revision ?? "main");
            }
            catch (HubInvalidNameException e)
            {
                Fail($"ModelId/Revision: {e.Message}");
            }
        }
        else if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            Fail("ModelPath is missing; set it to the folder of an onnx-community Florence-2 export (the folder holding onnx/ and config.json), or set ModelId to a Hub repository such as onnx-community/Florence-2-base-ft.");
        }
        else if (!Directory.Exists(options.ModelPath))
        {
            Fail($"ModelPath '{options.ModelPath}' is not an existing folder (resolved to '{Path.GetFullPath(options.ModelPath)}').");
        }

        var all = ParseVariant(options.Variant, nameof(Florence2Options.Variant), Fail) ?? ModelVariant.Fp32;
        var vision = ParseVariant(options.VisionEncoderVariant, nameof(Florence2Options.VisionEncoderVariant), Fail) ?? all;
        var embed = ParseVariant(options.EmbedTokensVariant, nameof(Florence2Options.EmbedTokensVariant), Fail) ?? all;
        var encoder = ParseVariant(options.EncoderVariant, nameof(Florence2Options.EncoderVariant), Fail) ?? all;
        var decoder = ParseVariant(options.DecoderVariant, nameof(Florence2Options.DecoderVariant), Fail) ?? all;

        var providers = new List<ExecutionProviderChoice>();
        for (int i = 0; i < options.ExecutionProviders.Count; i++)
        {
            string? text = options.ExecutionProviders[i];
            if (TryParseProvider(text, out var choice))
            {
                providers.Add(choice);
            }
            else
            {
                Fail($"ExecutionProviders[{i}] '{text}' is not an execution provider; write Cpu, Cuda, Cuda:N, DirectML or DirectML:N, with N the GPU index (0 or more).");
            }
        }

        CheckThreads(options.IntraOpNumThreads, nameof(Florence2Options.IntraOpNumThreads), Fail);
        CheckThreads(options.InterOpNumThreads, nameof(Florence2Options.InterOpNumThreads), Fail);
        GraphOptimization optimization = GraphOptimization.All;
        if (options.GraphOptimization is not null && !TryParseName(options.GraphOptimization, out optimization))
        {
            Fail($"GraphOptimization '{options.GraphOptimization}' is not an optimization level; use one of {OptimizationNames}.");
        }

        var decoding = ImageDecoding(options, Fail);
        if (failures.Count > before || decoding is null)
        {
            return null;
        }

        return new Florence2ModelOptions
        {
            VisionEncoderVariant = vision,
            EmbedTokensVariant = embed,
            EncoderVariant = encoder,
            DecoderVariant = decoder,
            ImageDecoding = decoding,
            ExecutionProviders = providers.Count == 0 ? [ExecutionProviderChoice.Cpu] : providers,
            AllowCpuFallback = options.AllowCpuFallback,
            Session = new SessionSettings
            {
                IntraOpNumThreads = options.IntraOpNumThreads,
                InterOpNumThreads = options.InterOpNumThreads,
                GraphOptimization = optimization,
                EnableMemoryArena = options.EnableMemoryArena,
            },
        };
    }

    private static ImageDecodingOptions? ImageDecoding(Florence2Options options, Action<string> fail)
    {
        var decoding = ImageDecodingOptions.Default;
        bool ok = true;
        if (options.MaxImagePixels is { } pixels)
        {
            if (pixels > 0)
            {
                decoding = decoding with { MaxPixels = pixels };
            }
            else
            {
                fail($"MaxImagePixels must be positive (or left out for 8192 × 8192), but is {pixels}.");
                ok = false;
            }
        }

        if (options.ImageAllocationLimitMegabytes is { } megabytes)
        {
            if (megabytes > 0)
            {
                decoding = decoding with { AllocationLimitMegabytes = megabytes };
            }
            else
            {
                fail($"ImageAllocationLimitMegabytes must be positive (or left out for 256), but is {megabytes}.");
                ok = false;
            }
        }

        if (options.AllowedImageFormats.Count > 0)
        {
            var formats = ImageFormats.None;
            for (int i = 0; i < options.AllowedImageFormats.Count; i++)
            {
                string? text = options.AllowedImageFormats[i];
                if (TryParseName(text, out ImageFormats format) && format != ImageFormats.None)
                {
                    formats |= format;
                }
                else
                {
                    fail($"AllowedImageFormats[{i}] '{text}' is not an image format; use one of {FormatNames}.");
                    ok = false;
                }
            }

            decoding = decoding with { AllowedFormats = formats };
        }

        return ok ? decoding : null;
    }

    private static ModelVariant? ParseVariant(string? text, string setting, Action<string> fail)
    {
        if (text is null)
        {
            return null;
        }

        if (TryParseName(text, out ModelVariant variant))
        {
            return variant;
        }

        fail($"{setting} '{text}' is not a model variant; use one of {VariantNames}.");
        return null;
    }

    private static void CheckThreads(int value, string setting, Action<string> fail)
    {
        if (value < 0)
        {
            fail($"{setting} must be 0 (the default) or a positive thread count, but is {value}.");
        }
    }

    /// <summary>"Kind" or "Kind:DeviceId", kind by name in any case, device a non-negative integer.</summary>
    private static bool TryParseProvider(string? text, out ExecutionProviderChoice choice)
    {
        choice = ExecutionProviderChoice.Cpu;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        string kindText = colon < 0 ? text : text[..colon];
        int device = 0;
        if (!TryParseName(kindText, out ExecutionProviderKind kind)
            || (colon >= 0 && !int.TryParse(text.AsSpan(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out device)))
        {
            return false;
        }

        choice = new ExecutionProviderChoice(kind, device);
        return true;
    }

    /// <summary>An enum member by name only: Enum.TryParse alone would also take numbers ("7") and undefined values.</summary>
    private static bool TryParseName<TEnum>(string? text, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        string trimmed = text?.Trim() ?? string.Empty;
        return trimmed.Length > 0
            && char.IsLetter(trimmed[0])
            && !trimmed.Contains(',', StringComparison.Ordinal)
            && Enum.TryParse(trimmed, ignoreCase: true, out value)
            && Enum.IsDefined(value);
    }
}
