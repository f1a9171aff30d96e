namespace Beddengrid.Runtime;

public enum DeactivationReason
{
    Idle,
    Requested,
    InconsistentState,
    ShuttingDown,
}

/// <summary>Base class of every grain, as in Orleans: identity, factory, lifecycle hooks and timers.</summary>
public abstract class Grain
{
    private Activation? _activation;

    internal Activation Activation
    {
        get => _activation ?? throw new InvalidOperationException("The grain is not bound to an activation yet; use OnActivateAsync, not the constructor.");
        set => _activation = value;
    }

    public GrainId GrainId => Activation.GrainId;

    public string GetPrimaryKeyString() => Activation.GrainId.Key;

    protected IGrainFactory GrainFactory => Activation.Runtime;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>
    /// A timer owned by this activation. Each tick runs as a turn of the grain, never overlapping a request or another
    /// tick; the next period starts when the previous tick has completed. Ticks do not keep the grain from being collected.
    /// </summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);

    /// <summary>Deactivates this activation once the current turn has completed.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(DeactivationReason.Requested);
}
