using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Beddengrid.Runtime;

/// <summary>The one serialization of grain state shared by every storage provider.</summary>
public static class GrainStateSerializer
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>The metadata state of type <typeparamref name="T"/> is written and read with: its <see cref="GrainStateJsonAttribute"/> context's, else reflection's.</summary>
    public static JsonTypeInfo<T> TypeInfoFor<T>() => TypeInfo<T>.Value;

    public static byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, TypeInfo<T>.Value);

    public static T Deserialize<T>(ReadOnlySpan<byte> data, GrainId grainId, string stateName)
    {
        try
        {
            return JsonSerializer.Deserialize(data, TypeInfo<T>.Value)
                ?? throw new GrainStateCorruptException($"Stored state '{stateName}' of {grainId} is null.");
        }
        catch (JsonException ex)
        {
            throw new GrainStateCorruptException($"Stored state '{stateName}' of {grainId} cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private static class TypeInfo<T>
    {
        public static readonly JsonTypeInfo<T> Value = Generated() ?? (JsonTypeInfo<T>)Options.GetTypeInfo(typeof(T));

        private static JsonTypeInfo<T>? Generated()
        {
            if (typeof(T).GetCustomAttribute<GrainStateJsonAttribute>() is not { } attribute)
            {
                return null;
            }
            var context = attribute.Context.GetProperty("Default", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as JsonSerializerContext
                ?? throw new InvalidOperationException($"{attribute.Context} named by {typeof(T)} is not a source-generated JsonSerializerContext with a static Default.");
            RequireSameJson(context.Options, attribute.Context);
            return context.GetTypeInfo(typeof(T)) as JsonTypeInfo<T>
                ?? throw new InvalidOperationException($"{attribute.Context} has no [JsonSerializable(typeof({typeof(T).Name}))].");
        }

        /// <summary>
        /// Records written either way must read either way, so a context must name and omit properties as the reflection
        /// options do. (It must also write enums as strings, which its options do not show: the Grains tests compare.)
        /// </summary>
        private static void RequireSameJson(JsonSerializerOptions generated, Type context)
        {
            var same = generated.PropertyNamingPolicy == Options.PropertyNamingPolicy
                && generated.PropertyNameCaseInsensitive == Options.PropertyNameCaseInsensitive
                && generated.NumberHandling == Options.NumberHandling
                && generated.DefaultIgnoreCondition == Options.DefaultIgnoreCondition
                && generated.UnmappedMemberHandling == Options.UnmappedMemberHandling;
            if (!same)
            {
                throw new InvalidOperationException(
                    $"{context} does not write grain state as GrainStateSerializer.Options does: give it JsonSerializerDefaults.Web, DefaultIgnoreCondition = WhenWritingNull and UseStringEnumConverter = true.");
            }
        }
    }
}
