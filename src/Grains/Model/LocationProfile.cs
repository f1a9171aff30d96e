namespace Beddengrid.Grains;

/// <summary>What a location is: everything but its beds and lifecycle.</summary>
public sealed record LocationProfile(
    string Code,
    string Name,
    LocationKind Kind,
    LocationOperator Operator,
    LocationQuality Quality,
    string Municipality,
    string Province,
    double Latitude,
    double Longitude,
    DateOnly ContractStart,
    DateOnly? ContractEnd,
    int? MaxStayDays,
    TargetGroupRestrictions Restrictions,
    bool IsMainSite);
