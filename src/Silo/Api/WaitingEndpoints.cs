using Beddengrid.Grains;
using Beddengrid.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

public static class WaitingEndpoints
{
    public static RouteGroupBuilder MapWaiting(this RouteGroupBuilder api)
    {
        api.MapGet("/waiting", List).WithTags("Waiting")
            .WithSummary("Everyone waiting for a bed, in the order they will be placed, with the reason nothing fitted.");
        return api;
    }

    private static async Task<Ok<IReadOnlyList<WaitingView>>> List(IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IWaitingQueueGrain>(IWaitingQueueGrain.National).List());
}
