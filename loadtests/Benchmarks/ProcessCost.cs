namespace Beddengrid.LoadTests.Benchmarks;

/// <summary>
/// What a measurement cost the process: processor time, garbage collections, their total pause and the bytes
/// allocated. Processor time per operation is the figure to compare between runs: throughput on a shared virtual
/// machine moves with its neighbours, the work done per operation does not.
/// </summary>
public sealed record ProcessCost(TimeSpan ProcessorTime, int Gen0, int Gen1, int Gen2, TimeSpan Pause, long AllocatedBytes)
{
    public static ProcessCost Now() => new(
        Environment.CpuUsage.TotalTime, GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(precise: true));

    public ProcessCost Since(ProcessCost start) =>
        new(ProcessorTime - start.ProcessorTime, Gen0 - start.Gen0, Gen1 - start.Gen1, Gen2 - start.Gen2, Pause - start.Pause, AllocatedBytes - start.AllocatedBytes);

    public string Describe(long operations) =>
        $"CPU {ProcessorPerOperation(operations)} µs per operation; GC: {Gen0} gen0 / {Gen1} gen1 / {Gen2} gen2, paused {Pause.TotalMilliseconds:N0} ms in total, {BytesPerOperation(operations)} bytes allocated per operation";

    private string ProcessorPerOperation(long operations) =>
        operations == 0 ? "unknown" : $"{ProcessorTime.TotalMicroseconds / operations:N1}";

    // The process-wide allocation counter can go backwards when dedicated threads that allocated have exited; such a
    // measurement says nothing, so it is shown as unknown rather than as a negative number.
    private string BytesPerOperation(long operations) =>
        operations == 0 || AllocatedBytes < 0 ? "unknown" : $"{AllocatedBytes / (double)operations:N0}";
}
