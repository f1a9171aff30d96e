namespace Beddengrid.Grains;

/// <summary>A municipality with approximate centre coordinates and population (thousands, 2024).</summary>
public sealed record Municipality(string Name, string Province, double Latitude, double Longitude, int PopulationThousands);

/// <summary>Real Dutch provinces and a selection of their municipalities, for realistic seeded data.</summary>
public static class Municipalities
{
    public static readonly IReadOnlyList<Municipality> All =
    [
        new("Groningen", "Groningen", 53.219, 6.567, 238), new("Westerwolde", "Groningen", 52.876, 7.071, 26),
        new("Midden-Groningen", "Groningen", 53.160, 6.760, 61), new("Oldambt", "Groningen", 53.170, 7.050, 38),
        new("Eemsdelta", "Groningen", 53.320, 6.920, 46),
        new("Leeuwarden", "Friesland", 53.201, 5.800, 125), new("Súdwest-Fryslân", "Friesland", 53.030, 5.660, 91),
        new("Smallingerland", "Friesland", 53.100, 6.100, 56), new("Heerenveen", "Friesland", 52.960, 5.920, 51),
        new("Harlingen", "Friesland", 53.170, 5.420, 16),
        new("Assen", "Drenthe", 52.993, 6.562, 69), new("Emmen", "Drenthe", 52.790, 6.900, 108),
        new("Hoogeveen", "Drenthe", 52.720, 6.480, 56), new("Midden-Drenthe", "Drenthe", 52.870, 6.520, 34),
        new("Coevorden", "Drenthe", 52.660, 6.740, 36),
        new("Zwolle", "Overijssel", 52.516, 6.083, 131), new("Enschede", "Overijssel", 52.221, 6.893, 161),
        new("Almelo", "Overijssel", 52.357, 6.662, 74), new("Deventer", "Overijssel", 52.255, 6.163, 102),
        new("Hengelo", "Overijssel", 52.266, 6.793, 81),
        new("Almere", "Flevoland", 52.371, 5.222, 222), new("Lelystad", "Flevoland", 52.518, 5.471, 82),
        new("Dronten", "Flevoland", 52.525, 5.718, 43), new("Noordoostpolder", "Flevoland", 52.710, 5.760, 49),
        new("Zeewolde", "Flevoland", 52.330, 5.540, 23),
        new("Arnhem", "Gelderland", 51.985, 5.899, 166), new("Nijmegen", "Gelderland", 51.842, 5.853, 179),
        new("Apeldoorn", "Gelderland", 52.211, 5.969, 167), new("Ede", "Gelderland", 52.040, 5.665, 121),
        new("Zutphen", "Gelderland", 52.138, 6.201, 48), new("Harderwijk", "Gelderland", 52.342, 5.621, 49),
        new("Utrecht", "Utrecht", 52.091, 5.122, 367), new("Amersfoort", "Utrecht", 52.156, 5.388, 160),
        new("Veenendaal", "Utrecht", 52.028, 5.559, 68), new("Nieuwegein", "Utrecht", 52.029, 5.081, 65),
        new("Zeist", "Utrecht", 52.090, 5.233, 66),
        new("Amsterdam", "Noord-Holland", 52.370, 4.895, 931), new("Haarlem", "Noord-Holland", 52.381, 4.636, 164),
        new("Zaanstad", "Noord-Holland", 52.453, 4.813, 159), new("Alkmaar", "Noord-Holland", 52.632, 4.748, 111),
        new("Den Helder", "Noord-Holland", 52.959, 4.760, 56), new("Hilversum", "Noord-Holland", 52.223, 5.176, 92),
        new("Rotterdam", "Zuid-Holland", 51.924, 4.478, 664), new("Den Haag", "Zuid-Holland", 52.078, 4.300, 559),
        new("Leiden", "Zuid-Holland", 52.160, 4.497, 127), new("Dordrecht", "Zuid-Holland", 51.813, 4.690, 121),
        new("Zoetermeer", "Zuid-Holland", 52.057, 4.493, 128), new("Gouda", "Zuid-Holland", 52.012, 4.711, 75),
        new("Delft", "Zuid-Holland", 52.012, 4.357, 106),
        new("Middelburg", "Zeeland", 51.499, 3.610, 49), new("Vlissingen", "Zeeland", 51.443, 3.573, 45),
        new("Goes", "Zeeland", 51.504, 3.889, 39), new("Terneuzen", "Zeeland", 51.336, 3.828, 55),
        new("Eindhoven", "Noord-Brabant", 51.441, 5.478, 246), new("Tilburg", "Noord-Brabant", 51.560, 5.091, 227),
        new("Breda", "Noord-Brabant", 51.589, 4.776, 187), new("'s-Hertogenbosch", "Noord-Brabant", 51.690, 5.304, 160),
        new("Helmond", "Noord-Brabant", 51.482, 5.661, 94), new("Cranendonck", "Noord-Brabant", 51.290, 5.580, 21),
        new("Oisterwijk", "Noord-Brabant", 51.580, 5.190, 27),
        new("Maastricht", "Limburg", 50.851, 5.691, 123), new("Venlo", "Limburg", 51.370, 6.172, 102),
        new("Heerlen", "Limburg", 50.888, 5.979, 87), new("Sittard-Geleen", "Limburg", 51.000, 5.869, 91),
        new("Roermond", "Limburg", 51.194, 5.987, 59), new("Weert", "Limburg", 51.251, 5.707, 51),
    ];

    /// <summary>Province populations (thousands, 2024): the distribution law splits the national need by these.</summary>
    public static readonly IReadOnlyDictionary<string, int> ProvincePopulationThousands = new Dictionary<string, int>
    {
        ["Zuid-Holland"] = 3830, ["Noord-Holland"] = 2950, ["Noord-Brabant"] = 2650, ["Gelderland"] = 2140,
        ["Utrecht"] = 1390, ["Overijssel"] = 1190, ["Limburg"] = 1120, ["Friesland"] = 660,
        ["Groningen"] = 590, ["Drenthe"] = 500, ["Flevoland"] = 440, ["Zeeland"] = 390,
    };

    public static Municipality Named(string name) => All.Single(m => m.Name == name);
}
