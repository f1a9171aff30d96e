namespace Beddengrid.Grains;

/// <summary>Where a person is in the asylum chain (keten); decides which kinds of location fit.</summary>
public enum Phase
{
    JustRegistered,
    RestAndPreparation,
    GeneralProcedure,
    ExtendedProcedure,
    PermitHolder,
    Rejected,
}

public static class PhaseRules
{
    /// <summary>The stay a placement is expected to last, used to refuse locations whose contract or maximum stay is shorter.</summary>
    public static int ExpectedStayDays(Phase phase) => phase switch
    {
        Phase.JustRegistered => 3,
        Phase.RestAndPreparation => 21,
        Phase.GeneralProcedure => 9,
        Phase.ExtendedProcedure => 180,
        Phase.PermitHolder => 98,
        Phase.Rejected => 28,
        _ => throw new ArgumentOutOfRangeException(nameof(phase), phase, "Unknown phase."),
    };

    /// <summary>Kinds of location that serve a phase. IBO and HTL have their own admission procedure and are never chosen here.</summary>
    public static bool KindFits(LocationKind kind, Phase phase, Household household)
    {
        if (household.IsUnaccompaniedMinors || kind == LocationKind.Amv)
        {
            return household.IsUnaccompaniedMinors && kind == LocationKind.Amv;
        }
        return (phase, kind) switch
        {
            (Phase.JustRegistered, LocationKind.RegistrationCentre or LocationKind.Tgo or LocationKind.Emergency) => true,
            (Phase.RestAndPreparation or Phase.GeneralProcedure, LocationKind.Pol or LocationKind.Emergency) => true,
            (Phase.ExtendedProcedure, LocationKind.Azc or LocationKind.AzcAccelerated or LocationKind.Emergency) => true,
            (Phase.PermitHolder, LocationKind.Azc or LocationKind.Doorstroom or LocationKind.Emergency) => true,
            (Phase.Rejected, LocationKind.Vbl or LocationKind.Pbl) => true,
            (Phase.Rejected, LocationKind.FamilyLocation) => household.HasChildren,
            _ => false,
        };
    }
}
