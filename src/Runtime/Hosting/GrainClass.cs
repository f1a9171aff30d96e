using System.Reflection;
using Microsoft.Extensions.DependencyInjection;

namespace Beddengrid.Runtime;

/// <summary>How to build one grain class: its type name, its persistent states, whether it is kept alive.</summary>
internal sealed class GrainClass
{
    private readonly Type _type;
    private readonly ObjectFactory _factory;
    private readonly (int Position, Type StateType, PersistentStateAttribute Attribute)[] _states;
    private readonly Func<string, Activation, IGrainStorage, IGrainStateLoader>[] _stateFactories;
    private readonly Type[] _parameterTypes;

    public GrainClass(Type type)
    {
        _type = type;
        TypeName = TypeNameOf(type);
        KeepAlive = type.IsDefined(typeof(KeepAliveAttribute));
        Interleaves = type.GetInterfaces().SelectMany(i => i.GetMethods()).Any(m => m.IsDefined(typeof(InterleaveAttribute)));
        var constructor = type.GetConstructors().SingleOrDefault()
            ?? throw new InvalidOperationException($"Grain class {type.Name} needs exactly one public constructor.");
        var parameters = constructor.GetParameters();
        _states = parameters
            .Select((parameter, index) => (index, parameter, attribute: parameter.GetCustomAttribute<PersistentStateAttribute>()))
            .Where(p => p.attribute is not null)
            .Select(p => (p.index, StateTypeOf(type, p.parameter), p.attribute!))
            .ToArray();
        _parameterTypes = _states.Select(s => typeof(IPersistentState<>).MakeGenericType(s.StateType)).ToArray();
        _stateFactories = _states.Select(s => StateFactory(s.StateType)).ToArray();
        _factory = ActivatorUtilities.CreateFactory(type, _parameterTypes);
    }

    public string TypeName { get; }
    public bool KeepAlive { get; }

    /// <summary>Some of its calls interleave, so its activations run their code one part at a time (see <see cref="InterleaveAttribute"/>).</summary>
    public bool Interleaves { get; }

    /// <summary>"LocationGrain" is known as "location", as Orleans names grain types.</summary>
    public static string TypeNameOf(Type type)
    {
        var name = type.Name.EndsWith("Grain", StringComparison.Ordinal) ? type.Name[..^"Grain".Length] : type.Name;
        return name.ToLowerInvariant();
    }

    public (Grain Grain, IGrainStateLoader[] States) Create(Activation activation)
    {
        var services = activation.Runtime.Services;
        var states = new IGrainStateLoader[_states.Length];
        var arguments = new object[_states.Length];
        for (var i = 0; i < _states.Length; i++)
        {
            var (_, stateType, attribute) = _states[i];
            var storage = attribute.StorageName is null
                ? services.GetRequiredService<IGrainStorage>()
                : services.GetRequiredKeyedService<IGrainStorage>(attribute.StorageName);
            var state = _stateFactories[i](attribute.StateName, activation, storage);
            states[i] = state;
            arguments[i] = state;
        }
        return ((Grain)_factory(services, arguments), states);
    }

    /// <summary>A compiled constructor of <c>PersistentState&lt;T&gt;</c>: grains are activated often, reflection per activation adds up.</summary>
    private static Func<string, Activation, IGrainStorage, IGrainStateLoader> StateFactory(Type stateType)
    {
        var constructor = typeof(PersistentState<>).MakeGenericType(stateType).GetConstructors().Single();
        var parameters = constructor.GetParameters().Select(p => System.Linq.Expressions.Expression.Parameter(p.ParameterType, p.Name)).ToArray();
        var create = System.Linq.Expressions.Expression.New(constructor, parameters);
        return System.Linq.Expressions.Expression.Lambda<Func<string, Activation, IGrainStorage, IGrainStateLoader>>(
            System.Linq.Expressions.Expression.Convert(create, typeof(IGrainStateLoader)), parameters).Compile();
    }

    private static Type StateTypeOf(Type grainType, ParameterInfo parameter)
    {
        var type = parameter.ParameterType;
        if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException($"{grainType.Name}: parameter '{parameter.Name}' has [PersistentState] but is not an IPersistentState<T>.");
        }
        return type.GetGenericArguments()[0];
    }

    public override string ToString() => _type.Name;
}
