namespace Beddengrid.Grains;

public enum StoreKind
{
    Memory,
    Sqlite,
    AzureTable,
}

/// <summary>Where the grid keeps its state and audit log (configuration section "Store").</summary>
public sealed class GridStoreOptions
{
    public StoreKind Kind { get; set; } = StoreKind.Sqlite;

    /// <summary>The SQLite store's folder.</summary>
    public string DataFolder { get; set; } = "data";

    /// <summary>The SQLite store's checkpoint interval in WAL pages (see <c>SqliteStorageOptions.CheckpointPages</c>).</summary>
    public int CheckpointPages { get; set; } = Runtime.SqliteStorageOptions.DefaultCheckpointPages;

    /// <summary>The SQLite store's shortest time between commits under load (see <c>SqliteStorageOptions.CommitInterval</c>).</summary>
    public TimeSpan CommitInterval { get; set; } = Runtime.SqliteStorageOptions.DefaultCommitInterval;

    /// <summary>Superseded rows the SQLite store's log may hold before it compacts (see <c>SqliteStorageOptions.LogSlackRows</c>).</summary>
    public long LogSlackRows { get; set; } = Runtime.SqliteStorageOptions.DefaultLogSlackRows;

    /// <summary>An Azure Storage connection string; "UseDevelopmentStorage=true" means a local Azurite.</summary>
    public string? ConnectionString { get; set; }

    public string TableName { get; set; } = "beddengrid";
}
