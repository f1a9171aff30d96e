namespace Beddengrid.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableGrainStorageConformance(AzuriteFixture azurite) : GrainStorageConformance, IDisposable
{
    /// <summary>
    /// Azurite measures an update's JSON body, where binary parts are base64 (4/3 larger), against the 1 MiB entity
    /// limit, while the real service counts their bytes. 720 KiB of state keeps the body under 1 MiB in both.
    /// </summary>
    public const int AzuriteMaxStateBytes = 720 * 1024;

    private readonly AzureTableGrainStorage _storage = new(
        new AzureTableStorageOptions { ConnectionString = azurite.ConnectionString, TableName = "conformance", MaxStateBytes = AzuriteMaxStateBytes },
        azurite.HttpClient);

    protected override IGrainStorage Storage => _storage;
    protected override int MaxStateBytes => _storage.MaxStateBytes;

    public void Dispose() => _storage.Dispose();
}
