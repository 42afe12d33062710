namespace Florence2.Runtime;

/// <summary>Checks the provider and session settings before any file is opened; messages name the Florence2ModelOptions property at fault.</summary>
internal static class SessionOptionsValidation
{
    public static void Validate(RuntimeSettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.ExecutionProviders is null)
        {
            throw new ArgumentException("Florence2ModelOptions.ExecutionProviders is null; leave it empty for the CPU alone.", nameof(options));
        }

        if (options.ExecutionProviders.Count > 0)
        {
            ValidateList(options.ExecutionProviders, "ExecutionProviders", nameof(options));
        }

        if (options.ModuleExecutionProviders is { } perModule)
        {
            foreach (var (module, list) in perModule)
            {
                if (!Enum.IsDefined(module))
                {
                    throw new ArgumentOutOfRangeException(nameof(options), module,
                        $"Florence2ModelOptions.ModuleExecutionProviders has a key {module} that is no ModelModule; use VisionEncoder, EmbedTokens, Encoder or Decoder.");
                }

                ValidateList(list, $"ModuleExecutionProviders[{module}]", nameof(options));
            }
        }

        var session = options.Session ?? throw new ArgumentException(
            "Florence2ModelOptions.Session is null; leave it out for the defaults or pass a SessionSettings.", nameof(options));
        if (session.IntraOpNumThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), session.IntraOpNumThreads,
                "Florence2ModelOptions.Session.IntraOpNumThreads is negative; use 0 for the default (one thread per core, at most 8), or a positive thread count.");
        }

        if (session.InterOpNumThreads < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(options), session.InterOpNumThreads,
                "Florence2ModelOptions.Session.InterOpNumThreads is negative; use 0 for the default (one thread per core, at most 8), or a positive thread count.");
        }

        if (!Enum.IsDefined(session.GraphOptimization))
        {
            throw new ArgumentOutOfRangeException(nameof(options), session.GraphOptimization,
                "Florence2ModelOptions.Session.GraphOptimization is not a GraphOptimization value; use None, Basic, Extended or All.");
        }
    }

    // The argument is the whole options object; the message names the property at fault.
    private static void ValidateList(IReadOnlyList<ExecutionProviderChoice>? list, string name, string paramName)
    {
        if (list is null || list.Count == 0)
        {
            throw new ArgumentException(
                $"Florence2ModelOptions.{name} is empty; list at least one provider, for example [ExecutionProviderChoice.Cpu].", paramName);
        }

        foreach (var choice in list)
        {
            if (choice is null)
            {
                throw new ArgumentException($"Florence2ModelOptions.{name} contains null; every entry must be an ExecutionProviderChoice.", paramName);
            }

            if (!Enum.IsDefined(choice.Kind))
            {
                throw new ArgumentOutOfRangeException(paramName, choice.Kind,
                    $"Florence2ModelOptions.{name} contains provider kind {choice.Kind}; use Cpu, Cuda or DirectML.");
            }

            if (choice.DeviceId < 0)
            {
                throw new ArgumentOutOfRangeException(paramName, choice.DeviceId,
                    $"Florence2ModelOptions.{name} asks for {choice.Kind} on device {choice.DeviceId}; device ids start at 0.");
            }
        }
    }
}
