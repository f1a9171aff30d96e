using System.Text.Json;
using System.Text.Json.Serialization;
using Beddengrid.Runtime;

namespace Beddengrid.Grains;

/// <summary>
/// Compile-time JSON for the grid's grain state: every state write of every placement goes through it, and reflection
/// cost twice the time and allocation. It writes the JSON of <see cref="GrainStateSerializer.Options"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, UseStringEnumConverter = true)]
[JsonSerializable(typeof(BedState))]
[JsonSerializable(typeof(PlacementState))]
[JsonSerializable(typeof(CaseState))]
[JsonSerializable(typeof(LocationState))]
[JsonSerializable(typeof(LocationRegistryState))]
[JsonSerializable(typeof(WaitingQueueState))]
[JsonSerializable(typeof(WaitingEntry))]
internal sealed partial class GridStateJsonContext : JsonSerializerContext;
