namespace Beddengrid.Runtime;

/// <summary>The grains waiting on each other in the current logical call, innermost first; flows across awaits.</summary>
internal sealed class CallChain(GrainId grainId, CallChain? caller)
{
    private static readonly AsyncLocal<CallChain?> CurrentChain = new();

    public static CallChain? Current
    {
        get => CurrentChain.Value;
        set => CurrentChain.Value = value;
    }

    public GrainId GrainId { get; } = grainId;
    public CallChain? Caller { get; } = caller;

    public bool Contains(GrainId grainId)
    {
        for (var link = this; link is not null; link = link.Caller)
        {
            if (link.GrainId == grainId)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>The cycle that calling <paramref name="target"/> from here would close, outermost first.</summary>
    public IReadOnlyList<GrainId> CycleTo(GrainId target)
    {
        var path = new List<GrainId> { target };
        for (var link = this; link is not null; link = link.Caller)
        {
            path.Add(link.GrainId);
            if (link.GrainId == target)
            {
                break;
            }
        }
        path.Reverse();
        return path;
    }
}
