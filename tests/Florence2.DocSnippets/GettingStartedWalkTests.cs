using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Florence2.TestModels;

namespace Florence2.DocSnippets;

/// <summary>
/// Walks docs/getting-started.md as a reader does: its C# blocks (alternatives left out) pasted in order into the
/// Program.cs of a fresh console app in a temp folder, built and run with <c>dotnet run</c>. Offline: the
/// <c>Florence2Models.BaseFt</c> the guide loads is a tiny scripted test model laid out in a Hugging Face cache under
/// <c>HF_HOME</c>, read with <c>HF_HUB_OFFLINE=1</c>, and <c>photo.jpg</c> is <c>samples/images/car.jpg</c>. The app
/// references the library's projects (the core and the SkiaSharp decoder the guide adds, built by CI just before)
/// and the native packages (ONNX Runtime, Skia for Linux) from the NuGet cache, so the walk needs no package feed.
/// </summary>
public sealed class GettingStartedWalkTests : IDisposable
{
    private const string Doc = "docs/getting-started.md";

    /// <summary>The scripted answer, true for car.jpg: the car's box (see SampleImageDemoTests).</summary>
    private const string Answer = "car<loc_183><loc_391><loc_817><loc_860>";

    private readonly string _folder = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "florence2-walk", Guid.NewGuid().ToString("N"))).FullName;

    [Fact]
    public void The_getting_started_blocks_pasted_in_order_build_and_run_offline()
    {
        var blocks = MarkdownSnippets.Extract(Doc, File.ReadAllText(Path.Combine(MarkdownSnippets.RepositoryRoot, Doc)))
            .Where(s => !s.IsPartial && !s.IsAlternative)
            .ToList();
        Assert.True(blocks.Count >= 3, $"{Doc} should walk through loading, a caption and typed results; it has {blocks.Count} C# blocks.");

        var app = Directory.CreateDirectory(Path.Combine(_folder, "CaptionDemo")).FullName;
        File.WriteAllText(Path.Combine(app, "CaptionDemo.csproj"), Project());
        File.WriteAllText(Path.Combine(app, "Program.cs"), string.Join("\n\n", blocks.Select(b => b.Code)) + "\n");
        File.Copy(Path.Combine(MarkdownSnippets.RepositoryRoot, "samples", "images", "car.jpg"), Path.Combine(app, "photo.jpg"));
        var hfHome = Path.Combine(_folder, "hf");
        CacheScriptedModel(Path.Combine(hfHome, "hub"), Florence2Models.BaseFt);

        var (exitCode, output) = Run(app, hfHome);

        var program = string.Join('\n', File.ReadAllLines(Path.Combine(app, "Program.cs")).Select((l, i) => $"{i + 1,4}: {l}"));
        Assert.True(exitCode == 0, $"The walk through {Doc} failed (exit code {exitCode}).\nProgram.cs:\n{program}\nOutput:\n{output}");
        var lines = output.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        Assert.Contains("car", lines);                                                  // the caption
        Assert.Contains("car: 117.44,187.92,523.2,413.04 (score 1.00)", lines);         // the detection, Box as x1,y1,x2,y2
        Assert.Contains(lines, l => l.StartsWith("the car covers ", StringComparison.Ordinal));
        Assert.Contains($"</s><s>{Answer}</s> truncated: False", lines);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A build server may still hold a file; the temp folder is the OS's to clean.
        }
    }

    /// <summary>
    /// A console app as <c>dotnet new console</c> makes it, with the library, its SkiaSharp decoder, Skia's Linux native
    /// library and the CPU build of ONNX Runtime, as the guide's <c>dotnet add package</c> lines add them.
    /// </summary>
    private static string Project()
    {
        var packages = File.ReadAllText(Path.Combine(MarkdownSnippets.RepositoryRoot, "Directory.Packages.props"));
        var library = Path.Combine(MarkdownSnippets.RepositoryRoot, "src", "Florence2", "Florence2.csproj");
        var decoder = Path.Combine(MarkdownSnippets.RepositoryRoot, "src", "Florence2.SkiaSharp", "Florence2.SkiaSharp.csproj");
        // The app runs here only: the SDK's own runtime identifier keeps one platform's native libraries in its output,
        // not the 0.8 GB of every platform's (eng/SdkRuntimeOnly.props says why).
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <UseCurrentRuntimeIdentifier>true</UseCurrentRuntimeIdentifier>
                <SelfContained>false</SelfContained>
              </PropertyGroup>
              <ItemGroup>
                <ProjectReference Include="{library}" />
                <ProjectReference Include="{decoder}" />
                <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="{PackageVersion(packages, "Microsoft.ML.OnnxRuntime")}" />
                <PackageReference Include="SkiaSharp.NativeAssets.Linux.NoDependencies" Version="{PackageVersion(packages, "SkiaSharp.NativeAssets.Linux.NoDependencies")}" />
              </ItemGroup>
            </Project>
            """;
    }

    /// <summary>The version Directory.Packages.props pins for a package.</summary>
    private static string PackageVersion(string packagesProps, string package)
    {
        var match = Regex.Match(packagesProps, $"Include=\"{Regex.Escape(package)}\" Version=\"([^\"]+)\"");
        Assert.True(match.Success, $"Directory.Packages.props names no {package} version.");
        return match.Groups[1].Value;
    }

    /// <summary>Lays a tiny scripted model out as the Hub cache does: <c>models--org--name/snapshots/{commit}</c> and <c>refs/main</c>.</summary>
    private static void CacheScriptedModel(string cache, string repoId)
    {
        const string commit = "0123456789abcdef0123456789abcdef01234567";
        var repo = Path.Combine(cache, "models--" + repoId.Replace("/", "--", StringComparison.Ordinal));
        TestModelFolder.Write(Path.Combine(repo, "snapshots", commit), new TinyModelOptions { Script = TestModelFolder.ScriptFor(Answer) });
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), commit);
    }

    private static (int ExitCode, string Output) Run(string app, string hfHome)
    {
        // Release: CI has just built the library in Release, so only the small app is compiled.
        var start = new ProcessStartInfo("dotnet", ["run", "-c", "Release"])
        {
            WorkingDirectory = app,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in new[] { "HF_HUB_CACHE", "HF_ENDPOINT", "HF_TOKEN", "HF_TOKEN_PATH", "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" })
        {
            start.Environment.Remove(name);
        }

        start.Environment["HF_HOME"] = hfHome;
        start.Environment["HF_HUB_OFFLINE"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.Append(e.Data).Append('\n'); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet run did not finish in 5 minutes:\n{output}");
        }

        process.WaitForExit();   // drains the output events
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }
}
