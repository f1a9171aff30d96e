namespace Beddengrid.Runtime;

/// <summary>
/// Brings the rest of a turn of an activation whose calls interleave back to that activation after an await, where it
/// runs when no other part of the activation's code is running, as Orleans' activation scheduler does.
/// </summary>
internal sealed class ActivationSynchronizationContext(Activation activation) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => activation.PostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state) =>
        throw new NotSupportedException($"Grain {activation.GrainId} cannot wait synchronously for its own activation.");

    public override SynchronizationContext CreateCopy() => this;
}
