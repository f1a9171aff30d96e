using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>
/// Load that runs beside the scenario's arrivals against the same target and recorder: the closure wave, and the SignalR
/// dashboard subscribers of the <c>dashboards</c> scenario. A new one implements this interface, adds a field to
/// <see cref="ScenarioDefinition"/>, and is created in <see cref="ScenarioRunner.SideLoadsFor"/>.
/// </summary>
public interface ISideLoad
{
    /// <summary>Runs until done or until <paramref name="stop"/>; the main run waits for it before the audit.</summary>
    Task RunAsync(GridOperations operations, CancellationToken stop);

    /// <summary>What happened, for the report.</summary>
    IReadOnlyList<string> Notes { get; }
}
