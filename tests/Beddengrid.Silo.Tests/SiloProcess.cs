using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

namespace Beddengrid.Silo.Tests;

/// <summary>The silo as a real child process on 127.0.0.1, on a SQLite store in a folder the test owns.</summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string IntakeKey = "test-intake-key";
    public const string DeskKey = "test-desk-key";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private SiloProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

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

    public bool HasExited => _process.HasExited;

    public static async Task<SiloProcess> StartAsync(string dataFolder, int port, TimeSpan readyWithin)
    {
        var silo = typeof(Beddengrid.Silo.Api.GridApi).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(silo)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            silo, "--urls", $"http://127.0.0.1:{port}",
            "--Store:Kind", "Sqlite", "--Store:DataFolder", dataFolder,
            "--Seed:Scale", "0.05", "--Frontend:Enabled", "false",
            "--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000",
            "--Auth:Users:0:Name", "intake", "--Auth:Users:0:Key", IntakeKey, "--Auth:Users:0:Role", "intake",
            "--Auth:Users:1:Name", "desk", "--Auth:Users:1:Key", DeskKey, "--Auth:Users:1:Role", "desk",
            "--Logging:LogLevel:Default", "Warning",
        })
        {
            start.ArgumentList.Add(argument);
        }
        var process = new SiloProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
        await process.WaitUntilReady(readyWithin);
        return process;
    }

    public HttpClient Client(string key)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing; what was acknowledged must already be on disk.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilReady(TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before it was ready:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync("health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"The silo was not ready within {within}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
