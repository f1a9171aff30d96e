using System.Globalization;

namespace Beddengrid.LoadTests.Reporting;

internal static class Format
{
    /// <summary>Milliseconds, with enough digits to tell microseconds apart: "0.004", "1.25", "312".</summary>
    public static string Ms(TimeSpan value)
    {
        var ms = value.TotalMilliseconds;
        var format = ms switch { < 0.1 => "0.000", < 10 => "0.00", < 100 => "0.0", _ => "0" };
        return ms.ToString(format, CultureInfo.InvariantCulture);
    }

    public static string Number(double value, string format = "N0") => value.ToString(format, CultureInfo.InvariantCulture);
}
