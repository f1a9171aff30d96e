namespace Beddengrid.Grains;

/// <summary>
/// A deterministic, realistic national grid (DOMAIN.md's numbers): about 96,000 places in ~400 locations over the 12
/// provinces, about 63,000 occupied in the January 2024 mix, half of the contracts ending within a year, direct and
/// indirect reserve, some closed units. The same seed always yields the same dataset.
/// </summary>
public sealed record NationalDataset(IReadOnlyList<LocationRegistration> Locations, IReadOnlyList<Arrival> Residents, DistributionTargets Targets)
{
    public const int DefaultSeed = 20240110;
    public const int NationalNeed = 96_000;

    public int Beds => Locations.Sum(l => l.Beds.Count);

    /// <summary>Generates the dataset as of <paramref name="asOf"/>; <paramref name="scale"/> below 1 shrinks every location for fast tests.</summary>
    public static NationalDataset Generate(DateOnly asOf, int seed = DefaultSeed, double scale = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        return new DatasetGenerator(asOf, seed, scale).Generate();
    }

    public static DistributionTargets TargetsFor(int nationalNeed)
    {
        var population = Municipalities.ProvincePopulationThousands;
        var total = population.Values.Sum();
        var byProvince = population.ToDictionary(p => p.Key, p => (int)Math.Round(nationalNeed * (double)p.Value / total));
        var byMunicipality = Municipalities.All
            .GroupBy(m => m.Province)
            .SelectMany(province =>
            {
                var listed = province.Sum(m => m.PopulationThousands);
                return province.Select(m => (m.Name, Share: (m.Province, (int)Math.Round(byProvince[m.Province] * (double)m.PopulationThousands / listed))));
            })
            .ToDictionary(m => m.Name, m => m.Share);
        return new DistributionTargets(byProvince, byMunicipality);
    }
}
