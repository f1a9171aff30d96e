using Beddengrid.Testing;
using System.Collections.Concurrent;

namespace Beddengrid.Silo.Tests;

/// <summary>The product must never lose a placement it has acknowledged, even when the process dies mid-load.</summary>
public sealed class CrashTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("beddengrid-crash-").FullName;

    [Fact]
    public async Task Every_placement_acknowledged_before_a_SIGKILL_is_present_after_restart_and_the_grid_adds_up()
    {
        var port = LoopbackPort.Free();
        var acknowledged = new ConcurrentDictionary<string, PlacementLoad.Acknowledged>();
        await using (var silo = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120)))
        {
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, 16).Select(worker => Task.Run(() => PlacementLoad.PlaceUntilStopped(silo.Client(SiloProcess.IntakeKey), $"crash-{worker}", acknowledged, stop.Token))).ToArray();
            await Task.Delay(TimeSpan.FromSeconds(3));

            silo.Kill();
            await stop.CancelAsync();
            await Task.WhenAll(clients);
        }
        Assert.True(acknowledged.Count > 50, $"only {acknowledged.Count} placements were acknowledged before the kill");
        Assert.Contains(acknowledged.Values, a => a.Status == "Confirmed");

        await using var restarted = await SiloProcess.StartAsync(_dataFolder, port, TimeSpan.FromSeconds(120));
        using var client = restarted.Client(SiloProcess.DeskKey);
        await PlacementLoad.AssertAllPresent(client, acknowledged);
        await PlacementLoad.AssertBedsAddUp(client, acknowledged);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A killed process may still hold the file for a moment; the temp folder is cleaned by the OS.
        }
    }
}
