namespace Beddengrid.Storage.Tests;

public sealed class AzureStorageConnectionStringTests
{
    private const string Key = "a2V5LWJ5dGVz";

    [Fact]
    public void Development_storage_means_azurites_account_on_the_loopback_table_port()
    {
        var parsed = AzureStorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10002/devstoreaccount1"), parsed.TableEndpoint);
        Assert.Equal(64, parsed.AccountKey.Length);
    }

    [Fact]
    public void Explicit_table_endpoint_is_used_as_given()
    {
        var parsed = AzureStorageConnectionString.Parse($"AccountName=beds;AccountKey={Key};TableEndpoint=https://tables.example.nl/beds/");

        Assert.Equal("beds", parsed.AccountName);
        Assert.Equal("key-bytes"u8.ToArray(), parsed.AccountKey);
        Assert.Equal(new Uri("https://tables.example.nl/beds"), parsed.TableEndpoint);
    }

    [Fact]
    public void Without_a_table_endpoint_the_account_endpoint_follows_from_protocol_and_suffix()
    {
        var parsed = AzureStorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=beds;AccountKey={Key};EndpointSuffix=core.windows.net");

        Assert.Equal(new Uri("https://beds.table.core.windows.net"), parsed.TableEndpoint);
    }

    [Theory]
    [InlineData($"AccountName=beds", "AccountKey")]
    [InlineData($"AccountKey={Key}", "AccountName")]
    public void Missing_account_setting_is_refused_naming_it(string connectionString, string missing)
    {
        var refused = Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse(connectionString));

        Assert.Contains(missing, refused.Message);
    }

    [Fact]
    public void Account_key_that_is_not_base64_is_refused_without_echoing_it()
    {
        var refused = Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse("AccountName=beds;AccountKey=not*base64"));

        Assert.Contains("AccountKey", refused.Message);
        Assert.DoesNotContain("not*base64", refused.Message);
    }

    [Fact]
    public void Part_that_is_not_a_setting_is_refused_without_echoing_it()
    {
        var refused = Assert.Throws<FormatException>(() => AzureStorageConnectionString.Parse($"AccountName=beds;{Key}"));

        Assert.Contains("part 2", refused.Message);
        Assert.DoesNotContain(Key, refused.Message);
    }

    [Fact]
    public void Text_form_never_contains_the_account_key()
    {
        var parsed = AzureStorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.DoesNotContain(Convert.ToBase64String(parsed.AccountKey), parsed.ToString());
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("1beds")]
    [InlineData("bed-states")]
    public void Invalid_table_name_is_refused_naming_it(string tableName)
    {
        var refused = Assert.Throws<ArgumentException>(() =>
            new AzureTableGrainStorage(new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = tableName }));

        Assert.Contains($"'{tableName}'", refused.Message);
    }

    [Fact]
    public void State_limit_above_what_one_entity_holds_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new AzureTableGrainStorage(
            new AzureTableStorageOptions { ConnectionString = "UseDevelopmentStorage=true", TableName = "beds", MaxStateBytes = GrainStateEntity.MaxDataBytes + 1 }));
    }
}
