using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beddengrid.Frontend;

/// <summary>
/// Enums on the wire are their names and nothing else. .NET's own parsing also takes a number, or names joined by
/// commas, and combines them into a value: "Opening, Open" became Closing, and "Htl, Doorstroom" a kind with no name
/// that no later read could show. So a plain enum takes exactly one of its names (in any case), and a set of flags
/// takes its names joined by commas.
/// </summary>
public static class EnumNames<TEnum> where TEnum : struct, Enum
{
    private static readonly Dictionary<string, TEnum> ByName =
        Enum.GetNames<TEnum>().ToDictionary(name => name, Enum.Parse<TEnum>, StringComparer.OrdinalIgnoreCase);

    private static readonly bool IsFlags = typeof(TEnum).IsDefined(typeof(FlagsAttribute));

    /// <summary>"Use one of A, B, C." for a reason that tells the caller what would have been accepted.</summary>
    public static string Allowed { get; } = $"Use one of {string.Join(", ", Enum.GetNames<TEnum>())}.";

    public static bool TryParse(string? text, out TEnum value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        if (!IsFlags)
        {
            return ByName.TryGetValue(text.Trim(), out value);
        }
        var flags = new List<TEnum>();
        foreach (var name in text.Split(','))
        {
            if (!ByName.TryGetValue(name.Trim(), out var flag))
            {
                return false;
            }
            flags.Add(flag);
        }
        value = Combine(flags);
        return true;
    }

    /// <summary>The set of flags holding every one of <paramref name="flags"/>; none is the empty set.</summary>
    public static TEnum Combine(IEnumerable<TEnum> flags) =>
        (TEnum)Enum.ToObject(typeof(TEnum), flags.Aggregate(0UL, (all, flag) => all | Convert.ToUInt64(flag)));
}

/// <summary>A JSON string that is not a name of the enum it is read into; its message lists the names that are.</summary>
public sealed class UnknownEnumNameException(string message) : JsonException(message);

/// <summary>Reads and writes every enum by <see cref="EnumNames{TEnum}"/>: names only, never numbers or combinations.</summary>
public sealed class EnumNameConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(Converter<>).MakeGenericType(typeToConvert))!;

    private sealed class Converter<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
    {
        // The picture, the location lists and every hub broadcast write these names many thousands of times a second.
        private static readonly Dictionary<TEnum, JsonEncodedText> Encoded =
            Enum.GetValues<TEnum>().Distinct().ToDictionary(value => value, value => JsonEncodedText.Encode(value.ToString()));

        public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String ? Parse(reader.GetString()) : throw new UnknownEnumNameException(EnumNames<TEnum>.Allowed);

        public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(Name(value));

        // Dictionaries keyed by an enum (counts per kind, per status) name their properties the same way.
        public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Parse(reader.GetString());

        public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WritePropertyName(Name(value));

        // A set of flags has no single name: it is written as its names joined by commas, as it is read.
        private static JsonEncodedText Name(TEnum value) =>
            Encoded.TryGetValue(value, out var name) ? name : JsonEncodedText.Encode(value.ToString());

        private static TEnum Parse(string? text) =>
            EnumNames<TEnum>.TryParse(text, out var value) ? value : throw new UnknownEnumNameException(EnumNames<TEnum>.Allowed);
    }
}
