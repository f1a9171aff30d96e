namespace Beddengrid.Grains;

public sealed class GridOptions
{
    /// <summary>How long a held bed waits for the household to arrive (DOMAIN.md: 4 hours, same-day transport).</summary>
    public TimeSpan HoldDuration { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Where intake happens when a request names no origin: Ter Apel.</summary>
    public string DefaultOrigin { get; set; } = GridPicture.RegistrationCentreCode;
}
