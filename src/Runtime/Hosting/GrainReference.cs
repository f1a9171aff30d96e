using System.Collections.Concurrent;
using System.Reflection;

namespace Beddengrid.Runtime;

/// <summary>
/// The object a caller holds behind a grain interface. It resolves its activation on first use and keeps it until
/// that activation is deactivated, so repeated calls skip the directory.
/// </summary>
public class GrainReference : DispatchProxy
{
    private static readonly ConcurrentDictionary<MethodInfo, GrainMethod> Methods = new();

    private GrainClass? _grainClass;
    private Activation? _activation;

    internal GrainRuntime Runtime { get; private set; } = null!;
    internal GrainId GrainId { get; private set; }
    internal bool IsObserver => _grainClass is null;

    internal void BindGrain(GrainRuntime runtime, GrainId grainId, GrainClass grainClass)
    {
        Runtime = runtime;
        GrainId = grainId;
        _grainClass = grainClass;
    }

    internal void BindObserver(GrainRuntime runtime, Activation observer)
    {
        Runtime = runtime;
        GrainId = observer.GrainId;
        _activation = observer;
    }

    internal Activation? ObserverActivation => IsObserver ? _activation : null;

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        var method = Methods.GetOrAdd(targetMethod, GrainMethod.Create);
        return method.Call(this, args ?? []);
    }

    internal Task Send<TResult>(CallMessage<TResult> message, bool allowInline)
    {
        if (IsObserver)
        {
            return _activation!.Send(message, allowInline)
                ?? Task.FromException<TResult>(new ObjectDisposedException($"Observer {GrainId} has been deleted."));
        }
        while (true)
        {
            var activation = _activation ??= Runtime.GetOrAddActivation(GrainId, _grainClass!);
            var outcome = activation.Send(message, allowInline);
            if (outcome is not null)
            {
                return outcome;
            }
            _activation = null;
        }
    }

    public override string ToString() => GrainId.ToString();
}
