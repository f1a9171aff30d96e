using System.Text.RegularExpressions;
using Beddengrid.Frontend;
using Beddengrid.Frontend.Access;
using Beddengrid.Grains;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Beddengrid.Silo.Http;

/// <summary>
/// Validation at the edge: collects every problem with a request, by field, before anything is changed, so one 400
/// names all the fields to correct and a bad request never reaches a grain.
/// </summary>
public sealed partial class RequestErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string reason)
    {
        if (!_errors.TryGetValue(field, out var reasons))
        {
            _errors[field] = reasons = [];
        }
        reasons.Add(reason);
    }

    public ProblemHttpResult Problem() =>
        GridProblems.Result(StatusCodes.Status400BadRequest, _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));

    public T Required<T>(T? value, string field) where T : struct
    {
        if (value is null)
        {
            Add(field, "Required.");
        }
        return value.GetValueOrDefault();
    }

    /// <summary>The longest identifier <see cref="Id"/> accepts (its pattern allows 1 + 63 characters).</summary>
    public const int MaxIdLength = 64;

    /// <summary>An identifier chosen by a client (placement ids, location codes, units): letters, digits and . _ : - only.</summary>
    public string Id(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return "";
        }
        if (!IdPattern().IsMatch(value))
        {
            Add(field, $"Use 1 to {MaxIdLength} letters, digits, '.', '_', ':' or '-'.");
        }
        return value;
    }

    /// <summary>
    /// A pseudonymous case reference such as V0000123. Anything else is refused, so that a name or an identity number
    /// typed into the field never enters the grid or its logs.
    /// </summary>
    public string CaseReference(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return "";
        }
        if (!CaseReferencePattern().IsMatch(value))
        {
            Add(field, "A case reference is 1 to 3 capital letters and 4 to 12 digits, such as V0000123; never a name or an identity number.");
        }
        return value;
    }

    public string Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, "Required.");
            return "";
        }
        if (value.Length > maxLength)
        {
            Add(field, $"At most {maxLength} characters.");
        }
        if (value.Any(c => char.IsControl(c) || IsDirectionControl(c)))
        {
            Add(field, "No control or text-direction characters.");
        }
        return value;
    }

    /// <summary>Marks that reorder how text is shown (e.g. U+202E), so a name could read differently from what is stored.</summary>
    private static bool IsDirectionControl(char c) => c is '\u061C' or '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>An element of a list in the body; null where an object belongs is refused, naming its index.</summary>
    public bool Present<T>(T? item, string field) where T : class
    {
        if (item is null)
        {
            Add(field, "Required: an object, not null.");
        }
        return item is not null;
    }

    /// <summary>A date that must not lie before <paramref name="earliest"/>; null passes (the field is optional).</summary>
    public void NotBefore(DateOnly? value, DateOnly earliest, string field, string why)
    {
        if (value < earliest)
        {
            Add(field, why);
        }
    }

    public int Range(int? value, string field, int min, int max)
    {
        var number = Required(value, field);
        if (value is not null && (number < min || number > max))
        {
            Add(field, $"Must be between {min} and {max}.");
        }
        return number;
    }

    /// <summary>An optional municipality: when given, one the distribution law knows.</summary>
    public void KnownMunicipality(string? name, string field, GridPicture picture)
    {
        if (name is not null && !picture.Snapshot.ProvinceOfMunicipality.ContainsKey(name))
        {
            Add(field, $"Unknown municipality {name}.");
        }
    }

    /// <summary>An optional enum given as text (a query string or route value); null when absent.</summary>
    public TEnum? Enum<TEnum>(string? value, string field) where TEnum : struct, Enum
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (EnumNames<TEnum>.TryParse(value, out var parsed))
        {
            return parsed;
        }
        Add(field, $"Unknown value '{value}'. {EnumNames<TEnum>.Allowed}");
        return null;
    }

    /// <summary>A set of flags sent as a list of names; an empty or missing list means none.</summary>
    public TEnum Flags<TEnum>(IReadOnlyList<TEnum>? values) where TEnum : struct, Enum => EnumNames<TEnum>.Combine(values ?? []);

    // \z, not $: in .NET $ also matches before a final newline, which then reached headers and keys.
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}\\z")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Z]{1,3}[0-9]{4,12}\\z")]
    private static partial Regex CaseReferencePattern();
}
