namespace Beddengrid.Grains;

/// <summary>Places assigned by the distribution law (Spreidingswet), per province and per municipality.</summary>
public sealed record DistributionTargets(
    IReadOnlyDictionary<string, int> ByProvince,
    IReadOnlyDictionary<string, (string Province, int Assigned)> ByMunicipality)
{
    public static readonly DistributionTargets None = new(new Dictionary<string, int>(), new Dictionary<string, (string, int)>());
}
