using Beddengrid.LoadTests.Dashboards;

namespace Beddengrid.LoadTests.Targets;

/// <summary>
/// A target whose grid also serves the live dashboards' SignalR hub, and which notes when it saw placements
/// acknowledged and at which picture sequence: what the <c>dashboards</c> side load needs to measure lag.
/// </summary>
public interface IDashboardHubTarget
{
    /// <summary>The hub's address (…/hubs/grid).</summary>
    Uri HubAddress { get; }

    /// <summary>The API key subscribers present (any role may read the hub).</summary>
    string AccessToken { get; }

    AcknowledgementLog Acknowledgements { get; }
}
