using Microsoft.Extensions.Configuration;

namespace Beddengrid.Failover.Tests;

public sealed class SiloLeaseOptionsTests
{
    [Fact]
    public void Lease_options_bind_from_the_environment_variables_the_compose_file_sets()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                // What Lease__ClusterName etc. become once the environment provider has read them.
                ["Lease:ClusterName"] = "beddengrid",
                ["Lease:SiloName"] = "silo-a",
                ["Lease:Duration"] = "00:00:15",
                ["Lease:RenewInterval"] = "00:00:04",
            })
            .Build();

        var options = configuration.GetSection("Lease").Get<SiloLeaseOptions>();

        Assert.Equal(new SiloLeaseOptions
        {
            ClusterName = "beddengrid",
            SiloName = "silo-a",
            Duration = TimeSpan.FromSeconds(15),
            RenewInterval = TimeSpan.FromSeconds(4),
        }, options);
    }
}
