namespace Beddengrid.Runtime;

/// <summary>One unit of work on an activation's queue: a call, a timer tick, activation or deactivation.</summary>
internal abstract class Message
{
    /// <summary>May run alongside other shared messages (read-only or interleaving calls), never alongside others.</summary>
    public virtual bool IsShared => false;

    /// <summary>Runtime work (activation, deactivation) that runs whatever the activation's status and is never rejected.</summary>
    public virtual bool IsLifecycle => false;

    /// <summary>Counts as use of the activation for idle collection.</summary>
    public virtual bool KeepsAlive => true;

    public virtual CallChain? CallerChain => null;

    public virtual System.Collections.Immutable.ImmutableDictionary<string, object>? RequestContext => null;

    public abstract string Name { get; }

    public abstract Task Invoke(Activation activation);

    /// <summary>The outcome of a turn whose method threw before returning a task, shaped as the method's own task.</summary>
    public virtual Task Thrown(Exception exception) => Task.FromException(exception);

    /// <summary>Hands the outcome to a caller that waits on <see cref="AwaitCompletion"/>; nothing to do for a call run inline.</summary>
    public virtual void Complete(Task outcome)
    {
    }

    public virtual void Fail(Exception exception)
    {
    }
}

/// <summary>A grain method call whose caller waits for a <typeparamref name="TResult"/>.</summary>
internal sealed class CallMessage<TResult>(GrainMethod<TResult> method, object?[] arguments, CallChain? callerChain) : Message
{
    private readonly System.Collections.Immutable.ImmutableDictionary<string, object>? _requestContext = Runtime.RequestContext.Current;
    private TaskCompletionSource<TResult>? _completion;

    public override System.Collections.Immutable.ImmutableDictionary<string, object>? RequestContext => _requestContext;

    public override bool IsShared => method.IsReadOnly || method.Interleaves;
    public override CallChain? CallerChain => callerChain;
    public override string Name => method.Name;

    public override Task Invoke(Activation activation) => method.Invoke(activation.Target, arguments);

    // A caller run inline receives this task itself, and casts it to Task<TResult>.
    public override Task Thrown(Exception exception) => Task.FromException<TResult>(exception);

    public Task<TResult> AwaitCompletion() => (_completion ??= new TaskCompletionSource<TResult>()).Task;

    public override void Complete(Task outcome) => _completion?.CompleteAs(outcome);

    public override void Fail(Exception exception) => _completion?.TrySetException(exception);
}

/// <summary>
/// The rest of a turn after an await, posted by the activation's synchronization context: part of a turn already
/// counted, so it runs before any new message and is never rejected.
/// </summary>
internal sealed class ContinuationMessage(SendOrPostCallback callback, object? state) : Message
{
    public override bool KeepsAlive => false;
    public override string Name => "continuation";

    public override Task Invoke(Activation activation)
    {
        callback(state);
        return Task.CompletedTask;
    }
}

internal sealed class TimerTickMessage(GrainTimer timer) : Message
{
    public override bool KeepsAlive => false;
    public override string Name => "timer";
    public override Task Invoke(Activation activation) => timer.TickAsync();
    public override void Complete(Task outcome) => timer.OnTickCompleted();
}

internal sealed class ActivateMessage : Message
{
    public override bool IsLifecycle => true;
    public override string Name => "activate";
    public override Task Invoke(Activation activation) => activation.ActivateAsync();
}

internal sealed class DeactivateMessage(DeactivationReason reason) : Message
{
    public DeactivationReason Reason { get; } = reason;
    public override bool IsLifecycle => true;
    public override bool KeepsAlive => false;
    public override string Name => "deactivate";
    public override Task Invoke(Activation activation) => activation.DeactivateAsync(Reason);
}
