using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beddengrid.Frontend.Standalone;

/// <summary>
/// Which of the configured silos is active: the one whose /health/ready answers 200 (only the lease holder does, and
/// only once its grid is loaded). Checked every second, so after a failover the frontend moves within a second of
/// the standby becoming ready.
/// </summary>
public sealed class ActiveSilo(IHttpClientFactory clients, IOptions<SiloOptions> options, ILogger<ActiveSilo> logger) : BackgroundService
{
    public const string ProbeClientName = "silo-probe";
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly IReadOnlyList<Uri> _silos = options.Value.SiloUrls();
    private volatile Uri? _current;

    /// <summary>The active silo, or null while none is ready (between a failure and the standby's take-over).</summary>
    public Uri? Current => _current;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        do
        {
            var ready = await FirstReady(stoppingToken);
            if (ready != _current)
            {
                logger.LogWarning("Active silo changed from {Previous} to {Current}.", _current?.ToString() ?? "none", ready?.ToString() ?? "none");
                _current = ready;
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task<Uri?> FirstReady(CancellationToken cancellationToken)
    {
        var client = clients.CreateClient(ProbeClientName);
        foreach (var silo in _current is { } current ? [current, .. _silos.Where(s => s != current)] : _silos)
        {
            try
            {
                using var response = await client.GetAsync(new Uri(silo, "health/ready"), cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return silo;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Down or unreachable: try the next one.
            }
        }
        return null;
    }
}
