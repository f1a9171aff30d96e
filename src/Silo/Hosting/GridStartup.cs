using Beddengrid.Grains;
using Beddengrid.Runtime;
using Microsoft.Extensions.Options;

namespace Beddengrid.Silo.Hosting;

/// <summary>
/// Brings the grid into memory after the host starts listening, so liveness answers at once and readiness only when
/// the picture is complete. Only the silo holding the lease loads (a standby waits for it); an empty store is a first
/// start: the national dataset is seeded, then loaded. A silo that loses its lease stops, like an Orleans silo declared
/// dead, and is restarted as a standby: its activations may be stale.
/// </summary>
public sealed class GridStartup(
    SiloLeaseKeeper lease,
    GridLoader loader,
    GridPicture picture,
    GridReadiness readiness,
    IOptions<SeedOptions> seed,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<GridStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await lease.WhenActive.WaitAsync(stoppingToken);
            await LoadOrSeed();
            await lease.WhenInactive.WaitAsync(stoppingToken);
            logger.LogCritical("Silo {Silo} lost the lease of cluster {Cluster}; it stops so that a fresh standby can take its place.", lease.SiloId, lease.ClusterName);
            Stop(exitCode: 2);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
        catch (Exception ex)
        {
            // A record the silo cannot read (truncated, another schema) must stop it loudly: serving a grid with a
            // location silently missing would place people on wrong numbers.
            logger.LogCritical(ex, "The grid could not be loaded from the store, so the silo stops: {Reason}", ex.GetBaseException().Message);
            Stop(exitCode: 1);
        }
    }

    /// <summary>Stops the silo with an exit code that says why, once the host has finished starting (stopping a host that is still starting crashes it).</summary>
    private void Stop(int exitCode)
    {
        Environment.ExitCode = exitCode;
        lifetime.ApplicationStarted.Register(lifetime.StopApplication);
    }

    private async Task LoadOrSeed()
    {
        var locations = await loader.LoadAsync();
        if (locations == 0)
        {
            var options = seed.Value;
            var asOf = options.AsOf ?? DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
            logger.LogInformation("The store is empty: seeding the national dataset as of {AsOf} at scale {Scale}.", asOf, options.Scale);
            await loader.SeedAsync(NationalDataset.Generate(asOf, options.Seed, options.Scale), parallelism: 128);
            locations = await loader.LoadAsync();
        }
        picture.SetTargets(NationalDataset.TargetsFor(NationalDataset.NationalNeed));
        // What loading left on the heap lives as long as the silo. Moved to the oldest generation now, before readiness,
        // it costs one pause that no request waits for; left to the collector, it was copied up twice under the first
        // load, in pauses of 130 and 280 ms (BENCHMARKS.md).
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        readiness.MarkLoaded(locations);
        logger.LogInformation("Grid ready: {Locations} locations, {Beds} beds.", locations, picture.FreshSnapshot().National.Beds.Nominal);
    }
}
