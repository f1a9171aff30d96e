namespace Beddengrid.Storage.Tests;

public sealed class SqliteGrainStorageConformance(SqliteGrainStorageConformance.StoreFixture store)
    : GrainStorageConformance, IClassFixture<SqliteGrainStorageConformance.StoreFixture>
{
    protected override IGrainStorage Storage => store.Storage;
    protected override int MaxStateBytes => store.Storage.MaxStateBytes;

    /// <summary>One store in one temp folder for the whole class, as a silo shares one store between all its grains.</summary>
    public sealed class StoreFixture : IAsyncLifetime
    {
        private readonly TempFolder _folder = new();

        public SqliteGrainStorage Storage { get; private set; } = null!;

        public Task InitializeAsync()
        {
            Storage = new SqliteGrainStorage(new SqliteStorageOptions { DataFolder = _folder.Path });
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            await Storage.DisposeAsync();
            _folder.Dispose();
        }
    }
}
