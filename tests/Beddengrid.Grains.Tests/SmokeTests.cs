namespace Beddengrid.Grains.Tests;

public sealed class SeededGridTests
{
    [Fact]
    public void The_seeded_national_dataset_has_realistic_totals()
    {
        var dataset = NationalDataset.Generate(GridHost.Today);
        var beds = dataset.Locations.SelectMany(l => l.Beds).ToArray();
        var occupied = beds.Count(b => b.Status == BedStatus.Occupied);
        Assert.InRange(dataset.Locations.Count, 300, 600);
        Assert.InRange(beds.Length, 90_000, 102_000);
        Assert.InRange(occupied, 58_000, 68_000);
        Assert.Equal(12, dataset.Locations.Select(l => l.Profile.Province).Distinct().Count());
        Assert.All(Enum.GetValues<LocationKind>(), kind => Assert.Contains(dataset.Locations, l => l.Profile.Kind == kind));
        var endingWithinYear = dataset.Locations.Count(l => l.Profile.ContractEnd is { } end && end <= GridHost.Today.AddDays(365));
        Assert.InRange(endingWithinYear / (double)dataset.Locations.Count, 0.35, 0.65);
        Console.WriteLine($"locations {dataset.Locations.Count}, beds {beds.Length}, occupied {occupied}, reserve {beds.Count(b => b.Status == BedStatus.Reserve)}, closed {beds.Count(b => b.Status == BedStatus.Closed)}");
    }

    [Fact]
    public void The_same_seed_yields_the_same_dataset()
    {
        var first = NationalDataset.Generate(GridHost.Today, scale: 0.1);
        var second = NationalDataset.Generate(GridHost.Today, scale: 0.1);
        Assert.Equal(first.Locations.Select(l => l.Profile), second.Locations.Select(l => l.Profile));
        Assert.Equal(first.Locations.SelectMany(l => l.Beds), second.Locations.SelectMany(l => l.Beds));
    }

    [Fact]
    public async Task A_seeded_grid_places_a_family_and_the_picture_counts_add_up()
    {
        await using var grid = new GridHost();
        var dataset = NationalDataset.Generate(GridHost.Today, scale: 0.1);
        await grid.Loader.SeedAsync(dataset);
        var before = grid.Picture.FreshSnapshot();
        Assert.Equal(dataset.Beds, before.National.Beds.Nominal);

        var family = new Household([new Member(AgeBand.Adult, Sex.Female, Relation.Head), new Member(AgeBand.Child, Sex.Male, Relation.Child), new Member(AgeBand.Teen, Sex.Female, Relation.Child)]);
        var view = await grid.Request(new PlacementRequest("p-1", "V9000001", family, Needs.None, Phase.ExtendedProcedure, Priority.Normal, "TER"));

        Assert.True(view.Status == PlacementStatus.Held, view.ToString());
        Assert.Equal(3, view.BedIds.Count);
        var after = grid.Picture.FreshSnapshot();
        Assert.Equal(before.National.Beds.Held + 3, after.National.Beds.Held);
        Assert.Equal(before.National.Beds.Nominal, after.National.Beds.Nominal);
    }
}
