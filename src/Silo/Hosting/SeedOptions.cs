using Beddengrid.Grains;

namespace Beddengrid.Silo.Hosting;

/// <summary>Configuration section "Seed": the national dataset registered on first start (an empty store).</summary>
public sealed class SeedOptions
{
    /// <summary>Below 1 shrinks every location; tests use 0.05 for a grid that seeds in a moment.</summary>
    public double Scale { get; set; } = 1.0;

    public int Seed { get; set; } = NationalDataset.DefaultSeed;

    /// <summary>The date the dataset describes; today (UTC) when not set.</summary>
    public DateOnly? AsOf { get; set; }
}
