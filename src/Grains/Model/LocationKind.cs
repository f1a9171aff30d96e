namespace Beddengrid.Grains;

/// <summary>The modality of a reception location, as in DOMAIN.md's table.</summary>
public enum LocationKind
{
    /// <summary>Aanmeldcentrum / COL (Ter Apel, Budel): the only walk-in entry.</summary>
    RegistrationCentre,
    /// <summary>Procesopvanglocatie: rest-and-preparation and the general procedure.</summary>
    Pol,
    /// <summary>Regular AZC: the rest of the procedure and permit holders waiting for a home.</summary>
    Azc,
    /// <summary>AZC for the accelerated tracks (Dublin, safe country, low chance).</summary>
    AzcAccelerated,
    /// <summary>Noodopvang: below COA standards, short contracts.</summary>
    Emergency,
    /// <summary>Tijdelijke gemeentelijke opvang: before the procedure starts; at most 7 days + 2×24 h.</summary>
    Tgo,
    /// <summary>Alleenstaande minderjarige vreemdelingen: unaccompanied minors only.</summary>
    Amv,
    /// <summary>Procesbeschikbaarheidslocatie: low-chance claims.</summary>
    Pbl,
    /// <summary>Gezinslocatie: rejected families with children.</summary>
    FamilyLocation,
    /// <summary>Vrijheidsbeperkende locatie: rejected, cooperating with departure.</summary>
    Vbl,
    /// <summary>Intensive support; own admission procedure.</summary>
    Ibo,
    /// <summary>Serious nuisance; own admission procedure, at most 3 months.</summary>
    Htl,
    /// <summary>Doorstroomlocatie: permit holders waiting for a home; municipal, at most a year.</summary>
    Doorstroom,
}

public enum LocationOperator
{
    Coa,
    Municipality,
    ThirdParty,
}

public enum LocationQuality
{
    Regular,
    BelowStandard,
}

/// <summary>planned → opening → open → closing (no new placements) → closed.</summary>
public enum Lifecycle
{
    Planned,
    Opening,
    Open,
    Closing,
    Closed,
}

/// <summary>Restrictions municipalities impose; they make places unusable for other groups.</summary>
[Flags]
public enum TargetGroupRestrictions
{
    None = 0,
    NoSingleMen = 1,
    FamiliesOnly = 2,
    MinorsOnly = 4,
}
