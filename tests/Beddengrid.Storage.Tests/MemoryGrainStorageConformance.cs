namespace Beddengrid.Storage.Tests;

public sealed class MemoryGrainStorageConformance : GrainStorageConformance
{
    private readonly MemoryGrainStorage _storage = new();

    protected override IGrainStorage Storage => _storage;
    protected override int MaxStateBytes => _storage.MaxStateBytes;
}
