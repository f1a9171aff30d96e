using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>Every registered location code, so that a starting silo can bring the whole grid into memory.</summary>
public interface ILocationRegistryGrain : IGrainWithStringKey
{
    const string National = "national";

    Task Add(string locationCode);
    [ReadOnly] Task<IReadOnlyList<string>> All();
}

[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class LocationRegistryState
{
    public SortedSet<string> Codes { get; set; } = new(StringComparer.Ordinal);
}

public sealed class LocationRegistryGrain([PersistentState("registry")] IPersistentState<LocationRegistryState> registry) : Grain, ILocationRegistryGrain
{
    public Task Add(string locationCode) => registry.State.Codes.Add(locationCode) ? registry.WriteStateAsync() : Task.CompletedTask;

    public Task<IReadOnlyList<string>> All() => Task.FromResult<IReadOnlyList<string>>([.. registry.State.Codes]);
}
