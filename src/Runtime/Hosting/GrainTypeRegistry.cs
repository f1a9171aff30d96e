using System.Reflection;

namespace Beddengrid.Runtime;

/// <summary>Maps each grain interface to the one grain class that implements it.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<Type, GrainClass> _byInterface = [];

    public GrainTypeRegistry(IEnumerable<Assembly> assemblies)
    {
        var grainClasses = assemblies
            .SelectMany(assembly => assembly.GetTypes())
            .Where(type => type is { IsClass: true, IsAbstract: false } && type.IsSubclassOf(typeof(Grain)));
        foreach (var type in grainClasses)
        {
            var grainClass = new GrainClass(type);
            foreach (var grainInterface in type.GetInterfaces().Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i)))
            {
                if (!_byInterface.TryAdd(grainInterface, grainClass))
                {
                    throw new InvalidOperationException($"Grain interface {grainInterface.Name} is implemented by both {_byInterface[grainInterface]} and {type.Name}; each interface needs one grain class.");
                }
            }
        }
    }

    internal GrainClass ForInterface(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException($"No grain class implements {grainInterface.Name}; register its assembly with AddGrainRuntime.");
}
