namespace Beddengrid.Failover.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableSiloLeaseConformance(AzuriteFixture azurite) : SiloLeaseConformance
{
    protected override ISiloLease NewLease() =>
        new AzureTableSiloLease(azurite.ConnectionString, $"cluster-{Guid.NewGuid():N}", "conformance", azurite.HttpClient);

    [Theory]
    [InlineData("")]
    [InlineData("east/west")]
    [InlineData("-leading-dash")]
    [InlineData("what?")]
    public void A_cluster_name_that_cannot_be_a_row_key_is_refused(string clusterName)
    {
        var refused = Assert.Throws<ArgumentException>(() => new AzureTableSiloLease(azurite.ConnectionString, clusterName, httpClient: azurite.HttpClient));

        Assert.Contains($"'{clusterName}'", refused.Message);
    }
}
