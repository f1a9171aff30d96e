using System.Diagnostics;
using System.Text;

namespace Beddengrid.Browser.Tests;

/// <summary>The standalone frontend as its own operating-system process, pointed at a silo.</summary>
public sealed class FrontendProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private FrontendProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Address => new($"http://127.0.0.1:{Port}/");

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<FrontendProcess> StartAsync(Uri silo, string feedKey)
    {
        var port = SiloServer.FreePort();
        var folder = HostFolder();
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[] { Path.Combine(folder, "Beddengrid.Frontend.Host.dll"), "--urls", $"http://127.0.0.1:{port}", "--Silo:Urls", silo.ToString(), "--Silo:ApiKey", feedKey })
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("The frontend process did not start.");
        var frontend = new FrontendProcess(process, port);
        process.OutputDataReceived += (_, line) => frontend.Append(line.Data);
        process.ErrorDataReceived += (_, line) => frontend.Append(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await SiloServer.WaitUntilReady(frontend.Address, "index.html");
        return frontend;
    }

    /// <summary>The host's own build output, next to this test project's (same configuration and framework).</summary>
    private static string HostFolder()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var repository = testOutput.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var folder = Path.Combine(repository, "src", "FrontendHost", "bin", configuration, framework);
        return File.Exists(Path.Combine(folder, "Beddengrid.Frontend.Host.dll"))
            ? folder
            : throw new FileNotFoundException($"The standalone frontend is not built at {folder}.");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
