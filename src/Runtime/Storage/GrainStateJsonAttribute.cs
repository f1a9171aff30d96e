namespace Beddengrid.Runtime;

/// <summary>
/// Names the source-generated <see cref="System.Text.Json.Serialization.JsonSerializerContext"/> that serializes this
/// grain state, as Orleans' <c>[GenerateSerializer]</c> hands a type to its code generator. Without it a state is
/// serialized by reflection, into the same JSON.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainStateJsonAttribute(Type context) : Attribute
{
    public Type Context { get; } = context;
}
