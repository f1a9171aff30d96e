using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Beddengrid.Failover.Tests;

/// <summary>
/// The deployment files hold together: docker-compose accepts the compose file, every service it builds has its
/// context and Dockerfile, and each Dockerfile publishes a project of this repository and runs that project's assembly.
/// No Docker engine runs here, so images are not built; docker-compose's own validation is the closest check.
/// </summary>
public sealed partial class DeploymentFilesTests
{
    private const string ComposeFile = "docker-compose.yml";

    [Fact]
    public void Docker_compose_accepts_the_compose_file()
    {
        var validation = DockerCompose("config", "--quiet");

        Assert.True(validation.ExitCode == 0, $"docker-compose config rejected {ComposeFile}:\n{validation.Error}");
    }

    [Fact]
    public void Every_built_service_has_its_build_context_and_Dockerfile()
    {
        var builds = ServiceBuilds();

        Assert.NotEmpty(builds);
        Assert.All(builds, build =>
        {
            Assert.True(Directory.Exists(build.Context), $"Service {build.Service} builds in {build.Context}, which does not exist.");
            Assert.True(File.Exists(build.DockerfilePath), $"Service {build.Service} builds with {build.DockerfilePath}, which does not exist.");
        });
    }

    [Fact]
    public void Every_Dockerfile_publishes_a_project_of_the_repository_and_runs_its_assembly()
    {
        var projects = ProjectsByPath();

        Assert.All(ServiceBuilds().Select(build => build.DockerfilePath).Distinct(), dockerfile =>
        {
            var text = File.ReadAllText(dockerfile);
            var published = PublishedProject().Match(text);
            Assert.True(published.Success, $"{dockerfile} runs no 'dotnet publish <project>.csproj'.");
            var projectPath = Path.GetFullPath(Path.Combine(Repository.Root, published.Groups["project"].Value));
            Assert.True(projects.TryGetValue(projectPath, out var assembly),
                $"{dockerfile} publishes {published.Groups["project"].Value}, which is not a project of this repository; the projects are: {string.Join(", ", projects.Keys.Select(RelativePath))}.");

            var entryPoint = EntryPointAssembly(dockerfile, text);
            Assert.True(entryPoint == $"{assembly}.dll", $"{dockerfile} runs {entryPoint}, but the project it publishes builds {assembly}.dll.");
        });
    }

    private static IReadOnlyList<ServiceBuild> ServiceBuilds()
    {
        // docker-compose prints the file normalised: every build as "build:" with "context:" (absolute) and
        // "dockerfile:" (relative to it) beneath its service, at fixed indentation. That regular shape is all this reads.
        var normalised = DockerCompose("config");
        Assert.True(normalised.ExitCode == 0, $"docker-compose config rejected {ComposeFile}:\n{normalised.Error}");
        var builds = new List<ServiceBuild>();
        string? service = null, context = null;
        foreach (var line in normalised.Output.Split('\n'))
        {
            if (ServiceLine().Match(line) is { Success: true } serviceLine)
            {
                service = serviceLine.Groups["name"].Value;
            }
            else if (line.StartsWith("      context: ", StringComparison.Ordinal))
            {
                context = line["      context: ".Length..].Trim();
            }
            else if (line.StartsWith("      dockerfile: ", StringComparison.Ordinal) && service is not null && context is not null)
            {
                builds.Add(new ServiceBuild(service, context, Path.GetFullPath(Path.Combine(context, line["      dockerfile: ".Length..].Trim()))));
                context = null;
            }
        }
        return builds;
    }

    /// <summary>Every project file of the repository, with the assembly it builds (its AssemblyName, else its file name).</summary>
    private static Dictionary<string, string> ProjectsByPath() =>
        Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(path => !path.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or "node_modules"))
            .ToDictionary(
                path => Path.GetFullPath(path),
                path => XDocument.Load(path).Descendants("AssemblyName").Select(name => name.Value).FirstOrDefault() ?? Path.GetFileNameWithoutExtension(path));

    private static string EntryPointAssembly(string dockerfile, string text)
    {
        var entryPoint = text.Split('\n').LastOrDefault(line => line.StartsWith("ENTRYPOINT ", StringComparison.Ordinal));
        Assert.True(entryPoint is not null, $"{dockerfile} has no ENTRYPOINT.");
        // The exec form, a JSON array, so that the process receives signals (SIGTERM on 'docker stop') itself.
        var arguments = JsonSerializer.Deserialize<string[]>(entryPoint["ENTRYPOINT ".Length..]);
        Assert.True(arguments is ["dotnet", _, ..], $"{dockerfile}: ENTRYPOINT should be [\"dotnet\", \"<assembly>.dll\"], not {entryPoint}.");
        return arguments[1];
    }

    private static (int ExitCode, string Output, string Error) DockerCompose(params string[] arguments)
    {
        var start = new ProcessStartInfo("docker-compose", ["-f", ComposeFile, .. arguments])
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException(
                "The docker-compose CLI is not installed, so the compose file cannot be validated; install it with "
                + "'apt-get install -y docker-compose' (Debian package docker-compose, 1.29.2). No Docker engine is needed.", ex);
        }
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result, error);
        }
    }

    private static string RelativePath(string path) => Path.GetRelativePath(Repository.Root, path);

    [GeneratedRegex(@"^  (?<name>[A-Za-z0-9._-]+):\s*$")]
    private static partial Regex ServiceLine();

    [GeneratedRegex(@"dotnet publish (?<project>\S+\.csproj)")]
    private static partial Regex PublishedProject();

    private sealed record ServiceBuild(string Service, string Context, string DockerfilePath);
}
