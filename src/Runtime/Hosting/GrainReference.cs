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

    /// <summary>A copy of this unbound prototype that calls <paramref name="grainId"/>.</summary>
    internal GrainReference BoundTo(GrainRuntime runtime, GrainId grainId, GrainClass grainClass)
    {
        var reference = (GrainReference)MemberwiseClone();
        reference.Runtime = runtime;
        reference.GrainId = grainId;
        reference._grainClass = grainClass;
        return reference;
    }

    /// <summary>A copy of this unbound prototype that delivers to an observer's activation.</summary>
    internal GrainReference BoundTo(GrainRuntime runtime, Activation observer)
    {
        var reference = (GrainReference)MemberwiseClone();
        reference.Runtime = runtime;
        reference.GrainId = observer.GrainId;
        reference._activation = observer;
        return reference;
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

/// <summary>
/// One unbound proxy per grain interface. DispatchProxy.Create binds the generated type's constructor by reflection on
/// every call, which made each GetGrain cost several allocations; a memberwise copy of a prototype gives the same proxy
/// (its only generated field is the shared method table) for the price of one object.
/// </summary>
internal static class ProxyPrototype<TInterface>
{
    public static readonly GrainReference Value = (GrainReference)(object)DispatchProxy.Create<TInterface, GrainReference>()!;
}
