namespace Beddengrid.LoadTests.Benchmarks;

/// <summary>
/// Garbage collections, their total pause and the bytes allocated during a measurement: the first place latency tails
/// and lost throughput go in a runtime that allocates per call.
/// </summary>
public sealed record GcStats(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long AllocatedBytes)
{
    public static GcStats Now() => new(
        GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));

    public GcStats Since(GcStats start) =>
        new(Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Pause - start.Pause, AllocatedBytes - start.AllocatedBytes);

    public string Describe(long operations) =>
        $"GC: {Gen0} gen0 / {Gen1} gen1 / {Gen2} gen2, paused {Pause.TotalMilliseconds:N0} ms in total, {BytesPerOperation(operations)} bytes allocated per operation";

    // The process-wide allocation counter can go backwards when dedicated threads that allocated have exited; such a
    // measurement says nothing, so it is shown as unknown rather than as a negative number.
    private string BytesPerOperation(long operations) =>
        operations == 0 || AllocatedBytes < 0 ? "unknown" : $"{AllocatedBytes / (double)operations:N0}";
}
