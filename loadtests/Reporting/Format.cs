using System.Globalization;

namespace Beddengrid.LoadTests.Reporting;

internal static class Format
{
    /// <summary>Milliseconds, with enough digits to tell microseconds apart: "0.0004" (400 ns), "1.250", "312".</summary>
    public static string Ms(TimeSpan value)
    {
        var ms = value.TotalMilliseconds;
        var format = ms switch { < 0.1 => "0.0000", < 10 => "0.000", < 100 => "0.0", _ => "0" };
        return ms.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
