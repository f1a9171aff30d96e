using System.Diagnostics;
using System.Net;
using System.Text;

namespace Beddengrid.Testing;

/// <summary>One of the product's hosts as a real operating-system process on 127.0.0.1, with its output kept for failures.</summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DotnetProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri Address { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    /// <summary>Runs <paramref name="assembly"/> (a host's built dll) listening on <paramref name="port"/>, from its own folder.</summary>
    public static DotnetProcess Start(string assembly, int port, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { assembly, "--urls", $"http://127.0.0.1:{port}" }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        return new DotnetProcess(Process.Start(start) ?? throw new InvalidOperationException($"{assembly} did not start."), new Uri($"http://127.0.0.1:{port}/"));
    }

    /// <summary>The build output of a host project beside this test's (same configuration and framework).</summary>
    public static string BuiltAssembly(string projectFolder, string assemblyName)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(Repository.Root, "src", projectFolder, "bin", testOutput.Parent!.Name, testOutput.Name, assemblyName);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{assemblyName} is not built at {path}.");
    }

    public HttpClient Client(string apiKey)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        return client;
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
                // The parameterless wait also drains the redirected output, so the message holds the process's last words.
                _process.WaitForExit();
                throw new InvalidOperationException($"The process exited with code {_process.ExitCode} before {path} answered:\n{Output}");
            }
            try
            {
                if ((await client.GetAsync(path)).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException)
            {
                // Not listening yet.
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"{path} did not answer 200 within {within}:\n{Output}");
    }

    /// <summary>SIGKILL: no shutdown hooks, no flushing.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>Freezes the process (SIGSTOP) or lets it go on (SIGCONT), as a long pause or a stalled machine would.</summary>
    public void Signal(string signal) => Process.Start("kill", [$"-{signal}", ProcessId.ToString()])!.WaitForExit();

    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
        return ValueTask.CompletedTask;
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
