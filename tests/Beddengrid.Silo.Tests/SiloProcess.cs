using System.Diagnostics;
using System.Net;
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
        var silo = Start(["--Store:Kind", "Sqlite", "--Store:DataFolder", dataFolder], port);
        await silo.WaitUntil("health/ready", readyWithin);
        return silo;
    }

    /// <summary>Starts a silo with <paramref name="storeArguments"/> (and a small seed for an empty store) without waiting for it.</summary>
    public static SiloProcess Start(IEnumerable<string> storeArguments, int port)
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
            "--Seed:Scale", "0.03", "--Frontend:Enabled", "false",
            "--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000",
            "--Auth:Users:0:Name", "intake", "--Auth:Users:0:Key", IntakeKey, "--Auth:Users:0:Role", "intake",
            "--Auth:Users:1:Name", "desk", "--Auth:Users:1:Key", DeskKey, "--Auth:Users:1:Role", "desk",
            "--Logging:LogLevel:Default", "Warning",
        }.Concat(storeArguments))
        {
            start.ArgumentList.Add(argument);
        }
        return new SiloProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}/"));
    }

    public int ProcessId => _process.Id;

    public int ExitCode => _process.ExitCode;

    public Task<bool> WaitForExitAsync(TimeSpan within) =>
        _process.WaitForExitAsync(new CancellationTokenSource(within).Token).ContinueWith(t => t.IsCompletedSuccessfully);

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

    /// <summary>Waits until <paramref name="path"/> answers 200; fails at once if the process exits first.</summary>
    public async Task WaitUntil(string path, TimeSpan within)
    {
        using var client = new HttpClient { BaseAddress = Address };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < within)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} before {path} answered:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK)
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
        throw new TimeoutException($"{path} of the silo did not answer 200 within {within}:\n{Output}");
    }

    /// <summary>Freezes the process (SIGSTOP) or lets it go on (SIGCONT), as a long GC pause or a stalled VM would.</summary>
    public void Signal(string signal) => Process.Start("kill", [$"-{signal}", ProcessId.ToString()])!.WaitForExit();

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
