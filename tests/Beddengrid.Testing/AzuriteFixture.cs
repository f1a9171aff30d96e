using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

using Xunit;

namespace Beddengrid.Testing;

/// <summary>
/// A real Azurite Table service on a free loopback port, in memory, for the tests of one collection. It is the
/// repository's pinned Azurite (tools/package.json), installed with npm when tools/node_modules lacks it. xunit
/// only finds collection definitions in the test assembly itself, so each test project that uses this fixture
/// declares its own <c>[CollectionDefinition]</c> class.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's development account key is public, published with the emulator.
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly TempFolder _workingFolder = new();
    private readonly StringBuilder _output = new();
    private Process? _azurite;

    public int Port { get; private set; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};TableEndpoint=http://127.0.0.1:{Port}/devstoreaccount1";

    public HttpClient HttpClient { get; } = new();

    public async Task InitializeAsync()
    {
        var executable = await EnsureInstalledAsync(Path.Combine(Repository.Root, "tools"));
        Port = FreeLoopbackPort();
        // Azurite refuses --location together with --inMemoryPersistence; the temp working folder catches anything it still writes.
        _azurite = Start(executable, _workingFolder.Path,
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl",
            "--tableHost", "127.0.0.1", "--tablePort", Port.ToString());
        await WaitUntilListeningAsync(_azurite);
    }

    public Task DisposeAsync()
    {
        HttpClient.Dispose();
        if (_azurite is { HasExited: false })
        {
            _azurite.Kill(entireProcessTree: true);
            _azurite.WaitForExit();
        }
        _azurite?.Dispose();
        _workingFolder.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> EnsureInstalledAsync(string toolsFolder)
    {
        var executable = Path.Combine(toolsFolder, "node_modules", ".bin", "azurite-table");
        if (!File.Exists(executable))
        {
            using var npm = Process.Start(new ProcessStartInfo("npm", ["install", "--no-audit", "--no-fund"]) { WorkingDirectory = toolsFolder })
                ?? throw new InvalidOperationException("npm could not be started; install Node.js to run the Azurite tests.");
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0 || !File.Exists(executable))
            {
                throw new InvalidOperationException($"'npm install' in {toolsFolder} exited with {npm.ExitCode} and did not provide {executable}.");
            }
        }
        return executable;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Process Start(string executable, string workingFolder, params string[] arguments)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(executable, arguments) { WorkingDirectory = workingFolder, RedirectStandardOutput = true, RedirectStandardError = true },
        };
        process.OutputDataReceived += (_, line) => Record(line.Data);
        process.ErrorDataReceived += (_, line) => Record(line.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private void Record(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilListeningAsync(Process azurite)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (azurite.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with {azurite.ExitCode} before listening on port {Port}:\n{Output()}");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }
        throw new TimeoutException($"Azurite did not listen on port {Port} within {StartTimeout}:\n{Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}
