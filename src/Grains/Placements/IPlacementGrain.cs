using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// One request for beds (key: the client's placement id, which is also its idempotency key):
/// Held → Confirmed | Cancelled | Expired, or Waiting → Held when capacity frees.
/// </summary>
public interface IPlacementGrain : IGrainWithStringKey
{
    Task<PlacementAnswer> Request(PlacementRequest request);

    /// <summary>Holds beds elsewhere for a resident household (key: <see cref="TransferRequest.PlacementId"/>); its beds are released on arrival.</summary>
    Task<PlacementAnswer> Transfer(string caseReference, TransferRequest transfer);
    [ReadOnly] Task<PlacementView?> Get();
    Task<PlacementView> Confirm();
    Task<PlacementView> Cancel();
    [OneWay] Task OnHoldExpired(string locationCode);
    [OneWay] Task OnHeldFromQueue(HoldResult hold);
}
