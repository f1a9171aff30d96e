namespace Beddengrid.Api.Tests;

/// <summary>Request bodies as a browser or another system sends them: plain JSON with enum names.</summary>
public static class Requests
{
    private static int _next = 5_000_000;

    public static string NewCaseReference() => $"V{Interlocked.Increment(ref _next):D7}";

    public static object Adult(string sex = "Male", string relation = "Head") => new { ageBand = "Adult", sex, relation };

    public static object Child() => new { ageBand = "Child", sex = "Female", relation = "Child" };

    public static object Placement(string? placementId = null, object[]? household = null, string phase = "JustRegistered", string[]? needs = null) => new
    {
        placementId = placementId ?? Guid.NewGuid().ToString(),
        caseReference = NewCaseReference(),
        household = household ?? [Adult()],
        needs = needs ?? [],
        phase,
        priority = "Normal",
        origin = "TER",
    };
}
