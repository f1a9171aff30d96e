using System.Buffers;
using System.Text.Json;

namespace Beddengrid.Runtime;

/// <summary>
/// Grain state as a Table entity: the serialized bytes split, as Orleans does, into binary properties
/// <c>Data0</c>..<c>DataN</c> of at most 64 KiB each (the service's limit per property), plus their count in
/// <c>DataParts</c>. Fifteen parts keep the entity within the service's 1 MiB entity limit.
/// </summary>
public static class GrainStateEntity
{
    public const int MaxPartBytes = 64 * 1024;
    public const int MaxParts = 15;
    public const int MaxDataBytes = MaxPartBytes * MaxParts;

    private const string PartCountProperty = "DataParts";

    internal static ReadOnlyMemory<byte> ToJson(string partitionKey, string rowKey, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length * 4 / 3 + 512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("PartitionKey", partitionKey);
            json.WriteString("RowKey", rowKey);
            var parts = (data.Length + MaxPartBytes - 1) / MaxPartBytes;
            json.WriteNumber(PartCountProperty, parts);
            for (var part = 0; part < parts; part++)
            {
                var offset = part * MaxPartBytes;
                json.WriteString($"{PartProperty(part)}@odata.type", "Edm.Binary");
                json.WriteBase64String(PartProperty(part), data.Slice(offset, Math.Min(MaxPartBytes, data.Length - offset)));
            }
            json.WriteEndObject();
        }
        return buffer.WrittenMemory;
    }

    /// <exception cref="GrainStateCorruptException">The entity lacks its parts or they are not binary.</exception>
    internal static byte[] ReadData(JsonElement entity, string stateName, GrainId grainId)
    {
        try
        {
            var parts = Enumerable.Range(0, entity.GetProperty(PartCountProperty).GetInt32())
                .Select(part => entity.GetProperty(PartProperty(part)).GetBytesFromBase64())
                .ToArray();
            var data = new byte[parts.Sum(part => part.Length)];
            var offset = 0;
            foreach (var part in parts)
            {
                part.CopyTo(data, offset);
                offset += part.Length;
            }
            return data;
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new GrainStateCorruptException($"Stored state '{stateName}' of {grainId} is not a complete grain-state entity: {ex.Message}", ex);
        }
    }

    private static string PartProperty(int part) => $"Data{part}";
}
