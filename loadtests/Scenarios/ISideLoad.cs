using Beddengrid.LoadTests.Workload;

namespace Beddengrid.LoadTests.Scenarios;

/// <summary>
/// Load that runs beside the scenario's arrivals against the same target and recorder: the closure wave today; SignalR
/// dashboard subscribers (a <c>dashboards</c> scenario) are meant to plug in here once the hub exists — implement this
/// interface, add a field to <see cref="ScenarioDefinition"/>, and create it in <see cref="ScenarioRunner.SideLoadsFor"/>.
/// </summary>
public interface ISideLoad
{
    /// <summary>Runs until done or until <paramref name="stop"/>; the main run waits for it before the audit.</summary>
    Task RunAsync(GridOperations operations, CancellationToken stop);

    /// <summary>What happened, for the report.</summary>
    IReadOnlyList<string> Notes { get; }
}
