using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beddengrid.LoadTests.Scenarios;

public static class ScenarioLoader
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The folder of the shipped scenario files, next to the executable.</summary>
    public static string ScenarioFolder => Path.Combine(AppContext.BaseDirectory, "scenarios");

    /// <summary>Loads a scenario by file path, or by name from <see cref="ScenarioFolder"/> ("influx" → scenarios/influx.json).</summary>
    public static ScenarioDefinition Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nameOrPath);
        var path = File.Exists(nameOrPath) ? nameOrPath : Path.Combine(ScenarioFolder, $"{nameOrPath}.json");
        if (!File.Exists(path))
        {
            var known = Directory.Exists(ScenarioFolder) ? string.Join(", ", Directory.GetFiles(ScenarioFolder, "*.json").Select(Path.GetFileNameWithoutExtension)) : "none";
            throw new FileNotFoundException($"No scenario file '{nameOrPath}' and no scenarios/{nameOrPath}.json (known: {known}).", path);
        }
        var scenario = JsonSerializer.Deserialize<ScenarioDefinition>(File.ReadAllText(path), Json)
            ?? throw new InvalidDataException($"Scenario file {path} is empty.");
        scenario.Validate();
        return scenario;
    }
}
