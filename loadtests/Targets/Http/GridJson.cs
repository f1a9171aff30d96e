using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beddengrid.LoadTests.Targets.Http;

/// <summary>The silo's JSON: web naming (camelCase), enums as their names (numbers are refused by the API).</summary>
internal static class GridJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false) },
    };
}
