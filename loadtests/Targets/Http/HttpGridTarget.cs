using System.Diagnostics;
using Beddengrid.Grains;
using Beddengrid.LoadTests.Dashboards;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>
/// A running silo reached over its HTTP API (see <see cref="IGridTarget"/> for the call each member makes). The silo
/// seeds its own grid; <see cref="StartAsync"/> checks that it is the grid the scenario describes, so that the run's
/// seeded residents exist there.
/// </summary>
public sealed class HttpGridTarget : IGridTarget, IDeskOperations, IDashboardHubTarget
{
    private readonly HttpTargetOptions _options;
    private readonly GridApiClient _api;

    private HttpGridTarget(HttpTargetOptions options)
    {
        _options = options;
        _api = new GridApiClient(options);
        Inspection = new HttpGridInspection(_api);
    }

    /// <summary>Read at the end of a run, so it names the busiest moment the silo saw.</summary>
    public string Description =>
        $"HTTP {_options.BaseAddress} (up to {_options.Connections} connections; at most {_api.PeakOutstanding:N0} requests out at once)";

    public IDeskOperations Desk => this;

    public IGridInspection Inspection { get; }

    public Uri HubAddress => new(_options.BaseAddress, "hubs/grid");

    public string AccessToken => _options.ApiKey;

    public AcknowledgementLog Acknowledgements { get; } = new();

    /// <summary>The most requests that were out at once during the run (never above the driver's in-flight bound plus side loads).</summary>
    public int PeakOutstandingRequests => _api.PeakOutstanding;

    /// <summary>Connects, and refuses a silo whose grid does not have the <paramref name="dataset"/>'s beds.</summary>
    public static async Task<HttpGridTarget> StartAsync(HttpTargetOptions options, NationalDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(dataset);
        var target = new HttpGridTarget(options);
        try
        {
            var beds = (await target._api.Get<PictureAnswer>("api/picture")).Body.Reading.National.Nominal;
            if (beds != dataset.Beds)
            {
                throw new InvalidOperationException(
                    $"The silo at {options.BaseAddress} has {beds:N0} beds but the scenario's dataset has {dataset.Beds:N0}: start the silo with the scenario's " +
                    "Seed:Scale, Seed:Seed and Seed:AsOf on an empty store (or pass --scale to match it), so the residents the run acts on exist there.");
            }
            return target;
        }
        catch
        {
            await target.DisposeAsync();
            throw;
        }
    }

    public async Task<PlacementView> RequestPlacement(PlacementRequest request)
    {
        var answer = await _api.Post<PlacementView>("api/placements", PlacementBody.From(request));
        if (answer.Body.Status == PlacementStatus.Held)
        {
            Acknowledgements.Record(Stopwatch.GetTimestamp(), answer.PictureSequence);
        }
        return answer.Body;
    }

    public async Task<PlacementView> Confirm(string placementId) =>
        (await _api.Post<PlacementView>($"api/placements/{Uri.EscapeDataString(placementId)}/confirm", new { })).Body;

    public async Task<PlacementView> Cancel(string placementId) =>
        (await _api.Post<PlacementView>($"api/placements/{Uri.EscapeDataString(placementId)}/cancel", new { })).Body;

    public async Task<PlacementView> Transfer(string caseReference, TransferRequest transfer) =>
        (await _api.Post<PlacementView>($"api/cases/{Uri.EscapeDataString(caseReference)}/transfer",
            new TransferBody(transfer.PlacementId, transfer.Phase, transfer.LinkedMunicipality))).Body;

    public async Task<CaseView> Depart(string caseReference, DepartureReason reason) =>
        (await _api.Post<CaseView>($"api/cases/{Uri.EscapeDataString(caseReference)}/depart", new DepartureBody(reason))).Body;

    public Task PollPicture() => _api.Fetch("api/picture");

    public async Task<IReadOnlyList<string>> LocationCodes() =>
        [.. (await _api.Get<LocationListAnswer>("api/locations")).Body.Locations.Select(l => l.Code)];

    public async Task<LocationDetail> Location(string code) =>
        (await _api.Get<LocationDetail>($"api/locations/{Uri.EscapeDataString(code)}")).Body;

    public async Task<DeskResult> CloseBeds(string locationCode, BedSelection selection, Closure closure) =>
        (await _api.Post<DeskResult>($"api/desk/locations/{Uri.EscapeDataString(locationCode)}/closures", ClosureBody.From(selection, closure))).Body;

    public async Task<LocationSummary> SetLifecycle(string locationCode, Lifecycle lifecycle) =>
        (await _api.Post<LocationSummary>($"api/desk/locations/{Uri.EscapeDataString(locationCode)}/lifecycle", new LifecycleBody(lifecycle))).Body;

    public ValueTask DisposeAsync()
    {
        _api.Dispose();
        return ValueTask.CompletedTask;
    }
}
