using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Silo.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Api;

public static class WaitingEndpoints
{
    public static RouteGroupBuilder MapWaiting(this RouteGroupBuilder api)
    {
        api.MapGet("/waiting", List).WithTags("Waiting")
            .WithSummary("Who waits for a bed, in the order they will be placed, with the reason nothing fitted: how many in all, and a page of them (offset, limit ≤ 1,000).");
        return api;
    }

    public const int DefaultLimit = 100;
    public const int MaxLimit = 1_000;

    private static async Task<Results<Ok<WaitingPage>, ProblemHttpResult>> List(IGrainFactory grains, int? offset, int? limit)
    {
        var errors = new RequestErrors();
        var from = errors.Range(offset ?? 0, "offset", 0, int.MaxValue);
        var count = errors.Range(limit ?? DefaultLimit, "limit", 1, MaxLimit);
        if (errors.Any)
        {
            return errors.Problem();
        }
        return TypedResults.Ok(await grains.GetGrain<IWaitingQueueGrain>(IWaitingQueueGrain.National).List(from, count));
    }
}
