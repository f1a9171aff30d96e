using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beddengrid.Runtime;

/// <summary>The one serialization of grain state shared by every storage provider.</summary>
public static class GrainStateSerializer
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

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

    public static byte[] Serialize<T>(T state) => JsonSerializer.SerializeToUtf8Bytes(state, Options);

    public static T Deserialize<T>(ReadOnlySpan<byte> data, GrainId grainId, string stateName)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(data, Options)
                ?? throw new GrainStateCorruptException($"Stored state '{stateName}' of {grainId} is null.");
        }
        catch (JsonException ex)
        {
            throw new GrainStateCorruptException($"Stored state '{stateName}' of {grainId} cannot be read as {typeof(T).Name}: {ex.Message}", ex);
        }
    }
}
