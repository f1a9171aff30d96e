using System.Globalization;
using System.Text;

namespace Beddengrid.Runtime;

/// <summary>
/// PartitionKey <c>{grainType}|{partition}</c> and RowKey <c>{stateName}|{grainKey}</c>, so that all beds of one location
/// share a partition. Each part is escaped reversibly: the characters Table keys forbid (/ \ # ? and control
/// characters), the '|' separator and the '~' escape character itself become <c>~XX</c> (hex code).
/// </summary>
internal static class TableKeys
{
    private const char Separator = '|';
    private const char EscapeMark = '~';

    public static string PartitionKey(string grainType, string partition) => $"{Escape(grainType)}{Separator}{Escape(partition)}";

    public static string RowKey(string stateName, string grainKey) => RowKeyPrefix(stateName) + Escape(grainKey);

    /// <summary>Every RowKey of <paramref name="stateName"/> lies in [<c>From</c>, <c>Before</c>).</summary>
    public static (string From, string Before) RowKeyRange(string stateName)
    {
        var prefix = RowKeyPrefix(stateName);
        return (prefix, prefix[..^1] + (char)(Separator + 1));
    }

    public static string GrainKeyOf(string rowKey, string stateName) => Unescape(rowKey[RowKeyPrefix(stateName).Length..]);

    private static string RowKeyPrefix(string stateName) => Escape(stateName) + Separator;

    private static bool NeedsEscape(char c) => c is '/' or '\\' or '#' or '?' or Separator or EscapeMark || char.IsControl(c);

    private static string Escape(string value)
    {
        if (!value.Any(NeedsEscape))
        {
            return value;
        }
        var escaped = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                // Control characters and the marks all lie below U+0100, so two hex digits always suffice.
                escaped.Append(EscapeMark).Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    private static string Unescape(string value)
    {
        if (!value.Contains(EscapeMark))
        {
            return value;
        }
        var unescaped = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == EscapeMark)
            {
                unescaped.Append((char)int.Parse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                i += 2;
            }
            else
            {
                unescaped.Append(value[i]);
            }
        }
        return unescaped.ToString();
    }
}
