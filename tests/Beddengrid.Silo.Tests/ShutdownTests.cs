using Beddengrid.Testing;

namespace Beddengrid.Silo.Tests;

public sealed class ShutdownTests : IDisposable
{
    private readonly string _dataFolder = Directory.CreateTempSubdirectory("beddengrid-shutdown-").FullName;

    [Fact]
    public async Task A_silo_asked_to_stop_with_a_feed_reader_connected_ends_the_feed_and_exits_within_seconds()
    {
        await using var silo = await SiloProcess.StartAsync(_dataFolder, LoopbackPort.Free(), TimeSpan.FromSeconds(120));
        using var reader = silo.Client(SiloProcess.DeskKey);
        using var feed = await reader.GetAsync("api/feed", HttpCompletionOption.ResponseHeadersRead);
        await using var events = await feed.Content.ReadAsStreamAsync();
        Assert.True(await events.ReadAsync(new byte[1]) > 0, "the feed sent nothing");

        silo.Signal("TERM");

        Assert.True(await silo.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the silo was still running 10 s after SIGTERM");
        Assert.Equal(0, silo.ExitCode);
    }

    public void Dispose() => Directory.Delete(_dataFolder, recursive: true);
}
