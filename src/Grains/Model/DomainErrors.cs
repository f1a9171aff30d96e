namespace Beddengrid.Grains;

/// <summary>
/// A request that is well formed but conflicts with the grid's current state (a bed already held, a confirm after
/// expiry). The HTTP edge answers 409 with <see cref="Field"/> and the message.
/// </summary>
public sealed class GridConflictException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

/// <summary>A location, case, placement or bed that does not exist. The HTTP edge answers 404.</summary>
public sealed class GridNotFoundException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}
