using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>The stored part of a location; its beds are stored as beds, in the location's partition.</summary>
[GrainStateJson(typeof(GridStateJsonContext))]
public sealed class LocationState
{
    public LocationProfile? Profile { get; set; }
    public Lifecycle Lifecycle { get; set; }
}
