using System.Text.RegularExpressions;
using Florence2.WebApi;
using YamlDotNet.RepresentationModel;
using static Florence2.Tests.Samples.Deploy.K8sManifests;

namespace Florence2.Tests.Samples.Deploy;

/// <summary>
/// deploy/k8s against what it deploys: the probes call the web sample's health endpoints, the batch Job splits the work
/// into as many shards as it has completions, the images are the ones the Dockerfiles build, and every container asks
/// for resources.
/// </summary>
public sealed partial class DeployManifestTests
{
    [Fact]
    public void The_manifests_hold_a_deployment_service_autoscaler_cache_claim_and_indexed_job()
    {
        var kinds = All.Select(d => Text(d, "kind")).ToList();

        foreach (var kind in new[] { "Deployment", "Service", "HorizontalPodAutoscaler", "PersistentVolumeClaim", "Job" })
        {
            Assert.Contains(kind, kinds);
        }

        Assert.Contains(All, d => Text(d, "kind") == "PersistentVolumeClaim" && Text(d, "metadata", "name") == "florence2-cache");
    }

    [Fact]
    public void The_probes_call_the_health_endpoints_the_web_sample_maps()
    {
        var container = One(Containers(Single("Deployment")));

        Assert.Equal(HealthEndpoints.Ready, Text(container, "readinessProbe", "httpGet", "path"));
        Assert.Equal(HealthEndpoints.Live, Text(container, "livenessProbe", "httpGet", "path"));
        Assert.Equal(HealthEndpoints.Live, Text(container, "startupProbe", "httpGet", "path"));
        // The probes' port is the container port the image listens on (ASPNETCORE_HTTP_PORTS in its Dockerfile).
        var port = Assert.Single(Items(container, "ports"));
        Assert.Equal(Text(port, "name"), Text(container, "readinessProbe", "httpGet", "port"));
        Assert.Equal(EnvOf(Dockerfile("WebApi"), "ASPNETCORE_HTTP_PORTS"), Text(port, "containerPort"));
    }

    [Fact]
    public void The_batch_job_is_indexed_with_one_shard_per_completion()
    {
        var job = Single("Job");
        var completions = Text(job, "spec", "completions");

        Assert.Equal("Indexed", Text(job, "spec", "completionMode"));
        var args = Assert.IsType<YamlSequenceNode>(At(One(Containers(job)), "args"));
        var list = args.Children.Select(a => Assert.IsType<YamlScalarNode>(a).Value!).ToList();
        var shard = list[list.IndexOf("--shard") + 1];
        Assert.Equal($"$(JOB_COMPLETION_INDEX)/{completions}", shard);
        Assert.All(list.Where(a => a.Contains("JOB_COMPLETION_INDEX", StringComparison.Ordinal)), a => Assert.Contains("$(JOB_COMPLETION_INDEX)", a, StringComparison.Ordinal));
    }

    [Fact]
    public void The_images_are_the_tags_the_dockerfiles_build()
    {
        Assert.Equal(Tag(Dockerfile("WebApi")), Text(One(Containers(Single("Deployment"))), "image"));
        Assert.Equal(Tag(Dockerfile("BatchCaption")), Text(One(Containers(Single("Job"))), "image"));
    }

    [Fact]
    public void Every_container_requests_cpu_and_memory_and_limits_memory()
    {
        var containers = All.Where(d => Text(d, "kind") is "Deployment" or "Job").SelectMany(Containers).ToList();

        Assert.NotEmpty(containers);
        Assert.All(containers, c =>
        {
            Assert.False(string.IsNullOrEmpty(Text(c, "resources", "requests", "cpu")));
            Assert.False(string.IsNullOrEmpty(Text(c, "resources", "requests", "memory")));
            Assert.False(string.IsNullOrEmpty(Text(c, "resources", "limits", "memory")));
        });
    }

    [Fact]
    public void The_service_and_autoscaler_point_at_the_deployment()
    {
        var deployment = Single("Deployment");
        var name = Text(deployment, "metadata", "name");
        var label = Text(deployment, "spec", "template", "metadata", "labels", "app.kubernetes.io/name");

        Assert.Equal(label, Text(Single("Service"), "spec", "selector", "app.kubernetes.io/name"));
        Assert.Equal(name, Text(Single("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "name"));
        Assert.Equal("Deployment", Text(Single("HorizontalPodAutoscaler"), "spec", "scaleTargetRef", "kind"));
    }

    [Fact]
    public void Pods_run_as_the_images_non_root_user_and_mount_the_cache_at_hf_home()
    {
        foreach (var workload in All.Where(d => Text(d, "kind") is "Deployment" or "Job"))
        {
            Assert.Equal("true", Text(workload, "spec", "template", "spec", "securityContext", "runAsNonRoot"));
            var container = One(Containers(workload));
            var cache = Assert.Single(Items(container, "volumeMounts"), m => Text(m, "name") == "cache");
            Assert.Equal("/cache", Text(cache, "mountPath"));
        }

        Assert.Equal("/cache", EnvOf(Dockerfile("WebApi"), "HF_HOME"));
        Assert.Equal("/cache", EnvOf(Dockerfile("BatchCaption"), "HF_HOME"));
        Assert.Contains("USER $APP_UID", Dockerfile("WebApi"), StringComparison.Ordinal);
        Assert.Contains("USER $APP_UID", Dockerfile("BatchCaption"), StringComparison.Ordinal);
    }

    private static T One<T>(IEnumerable<T> items) => Assert.Single(items);

    private static string Dockerfile(string sample) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Deploy", $"{sample}.Dockerfile"));

    // The tag the Dockerfile's own build command gives: "docker build -f ... -t NAME:TAG ."
    private static string Tag(string dockerfile) => Assert.Single(BuildTag().Matches(dockerfile).Select(m => m.Groups[1].Value).Distinct());

    private static string EnvOf(string dockerfile, string name)
    {
        var match = Regex.Match(dockerfile, $@"\b{Regex.Escape(name)}=(\S+)");
        Assert.True(match.Success, $"the Dockerfile sets no {name}");
        return match.Groups[1].Value.TrimEnd('\\');
    }

    [GeneratedRegex(@"docker build -f \S+ -t (\S+) \.")]
    private static partial Regex BuildTag();
}
