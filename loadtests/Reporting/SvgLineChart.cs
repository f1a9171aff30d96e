using System.Globalization;
using System.Net;
using System.Text;

namespace Beddengrid.LoadTests.Reporting;

/// <summary>One line of a chart: (x, y) points in data units.</summary>
public sealed record ChartSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>A plain SVG line chart with axes, gridlines and a legend; no scripts, no external styles.</summary>
public static class SvgLineChart
{
    private const int Width = 900, Height = 360, Left = 70, Right = 170, Top = 36, Bottom = 44;
    private static readonly string[] Colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];

    public static string Render(string title, string xLabel, string yLabel, IReadOnlyList<ChartSeries> series)
    {
        var points = series.SelectMany(s => s.Points).ToArray();
        var maxX = Math.Max(1, points.Length == 0 ? 1 : points.Max(p => p.X));
        var maxY = NiceCeiling(points.Length == 0 ? 1 : points.Max(p => p.Y));
        double X(double x) => Left + x / maxX * (Width - Left - Right);
        double Y(double y) => Height - Bottom - y / maxY * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="sans-serif" font-size="12">""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<rect width="{Width}" height="{Height}" fill="white"/><text x="{Left}" y="20" font-size="14" font-weight="bold">{Escape(title)}</text>""").AppendLine();
        for (var i = 0; i <= 5; i++)
        {
            var value = maxY * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{Y(value):0.#}" y2="{Y(value):0.#}" stroke="#ddd"/><text x="{Left - 6}" y="{Y(value) + 4:0.#}" text-anchor="end">{Label(value)}</text>""").AppendLine();
            var xValue = maxX * i / 5;
            svg.Append(CultureInfo.InvariantCulture, $"""<text x="{X(xValue):0.#}" y="{Height - Bottom + 16}" text-anchor="middle">{Label(xValue)}</text>""").AppendLine();
        }
        svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Left}" x2="{Width - Right}" y1="{Height - Bottom}" y2="{Height - Bottom}" stroke="black"/><line x1="{Left}" x2="{Left}" y1="{Top}" y2="{Height - Bottom}" stroke="black"/>""").AppendLine();
        svg.Append(CultureInfo.InvariantCulture, $"""<text x="{(Left + Width - Right) / 2}" y="{Height - 8}" text-anchor="middle">{Escape(xLabel)}</text><text x="14" y="{(Top + Height - Bottom) / 2}" text-anchor="middle" transform="rotate(-90 14 {(Top + Height - Bottom) / 2})">{Escape(yLabel)}</text>""").AppendLine();
        for (var i = 0; i < series.Count; i++)
        {
            var colour = Colours[i % Colours.Length];
            var path = string.Join(" ", series[i].Points.OrderBy(p => p.X).Select(p => string.Create(CultureInfo.InvariantCulture, $"{X(p.X):0.#},{Y(p.Y):0.#}")));
            if (path.Length > 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"""<polyline fill="none" stroke="{colour}" stroke-width="1.6" points="{path}"/>""").AppendLine();
            }
            var legendY = Top + 14 + i * 18;
            svg.Append(CultureInfo.InvariantCulture, $"""<line x1="{Width - Right + 12}" x2="{Width - Right + 32}" y1="{legendY - 4}" y2="{legendY - 4}" stroke="{colour}" stroke-width="3"/><text x="{Width - Right + 38}" y="{legendY}">{Escape(series[i].Name)}</text>""").AppendLine();
        }
        return svg.AppendLine("</svg>").ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten at or above <paramref name="value"/>, so the axis reads in round numbers.</summary>
    internal static double NiceCeiling(double value)
    {
        if (value <= 0)
        {
            return 1;
        }
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return new[] { 1, 2, 5, 10 }.Select(f => f * magnitude).First(v => v >= value);
    }

    private static string Label(double value) => value switch
    {
        >= 1_000_000 => (value / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 10_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
        _ => value.ToString(value < 10 ? "0.###" : "0", CultureInfo.InvariantCulture),
    };

    private static string Escape(string text) => WebUtility.HtmlEncode(text);
}
