namespace Beddengrid.LoadTests.Measurement;

/// <summary>The calls a run makes against a grid target; each has its own latency histogram and error count.</summary>
public enum OperationKind
{
    /// <summary>A whole intake journey: from the request's intended start until the household's arrival is confirmed.</summary>
    Placement,
    Request,
    Confirm,
    Cancel,
    Transfer,
    Depart,
    Picture,
    Lifecycle,

    /// <summary>From a held placement's HTTP acknowledgement until a dashboard subscriber received a hub message whose picture version includes it.</summary>
    DashboardLag,
}

/// <summary>How a placement request ended, as intake staff would see it.</summary>
public enum PlacementOutcome
{
    Held,
    Waiting,
    Rejected,
}
