using System.Net;
using Beddengrid.Grains;
using Beddengrid.Runtime;
using Beddengrid.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using static Beddengrid.Api.Tests.Requests;

namespace Beddengrid.Api.Tests;

/// <summary>The silo on a memory store whose writes a test can make fail.</summary>
public sealed class FaultyStoreGridApiFactory : GridApiFactory
{
    public FaultyGrainStorage Store { get; } = new(new MemoryGrainStorage());

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IGrainStorage>(Store));
    }
}

public sealed class StoreFailureApiTests(FaultyStoreGridApiFactory grid) : IClassFixture<FaultyStoreGridApiFactory>
{
    [Fact]
    public async Task A_placement_the_store_failed_to_save_is_answered_503_with_retry_after_and_a_retry_with_the_same_id_is_held()
    {
        var intake = grid.As(GridApiFactory.IntakeKey);
        var body = Placement(placementId: "store-fails-once");
        grid.Store.FailNextWrites(GrainClassName.Of<BedGrain>());

        var failed = await intake.PostJson("/api/placements", body);

        await failed.AssertProblem(HttpStatusCode.ServiceUnavailable, "store");
        Assert.NotNull(failed.Headers.RetryAfter);
        var retried = await (await intake.PostJson("/api/placements", body)).Read<PlacementView>(HttpStatusCode.Created);
        Assert.Equal(PlacementStatus.Held, retried.Status);
    }
}
