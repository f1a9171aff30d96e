using System.Runtime.InteropServices;

namespace Beddengrid.LoadTests.Reporting;

/// <summary>The machine a measurement ran on; every report and result names it, since numbers mean nothing without it.</summary>
public sealed record MachineInfo(int Cores, long MemoryBytes, string Os, string Runtime, bool ServerGc)
{
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        System.Runtime.GCSettings.IsServerGC);

    public override string ToString() =>
        $"{Cores} cores, {MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB, {Os}, {Runtime}, {(ServerGc ? "server" : "workstation")} GC";
}
