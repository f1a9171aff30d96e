namespace Beddengrid.Runtime;

/// <summary>The parts of an Azure Storage connection string that the Table client needs.</summary>
public sealed record AzureStorageConnectionString(string AccountName, byte[] AccountKey, Uri TableEndpoint)
{
    /// <summary>Azurite's fixed development account; its key is public, published with the emulator.</summary>
    private const string DevelopmentAccountName = "devstoreaccount1";
    private const string DevelopmentAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly Uri DevelopmentTableEndpoint = new("http://127.0.0.1:10002/devstoreaccount1");

    /// <exception cref="FormatException">A setting is malformed, or one the Table client needs is missing.</exception>
    public static AzureStorageConnectionString Parse(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var settings = ParseSettings(connectionString);
        if (settings.TryGetValue("UseDevelopmentStorage", out var development) && bool.TryParse(development, out var useDevelopment) && useDevelopment)
        {
            return new(DevelopmentAccountName, Convert.FromBase64String(DevelopmentAccountKey), DevelopmentTableEndpoint);
        }

        var accountName = Required(settings, "AccountName");
        var accountKey = DecodeKey(Required(settings, "AccountKey"));
        return new(accountName, accountKey, TableEndpointOf(settings, accountName));
    }

    // The key is a secret: it must never appear in a message or a log through the record's generated ToString.
    public override string ToString() => $"AccountName={AccountName};TableEndpoint={TableEndpoint}";

    private static Dictionary<string, string> ParseSettings(string connectionString)
    {
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var parts = connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var index = 0; index < parts.Length; index++)
        {
            var part = parts[index];
            var equals = part.IndexOf('=');
            if (equals <= 0)
            {
                // The part itself is not quoted: a malformed part may well be a pasted secret.
                throw new FormatException($"Connection string part {index + 1} is not of the form Name=Value; parts are separated by ';'.");
            }
            settings[part[..equals].Trim()] = part[(equals + 1)..].Trim();
        }
        return settings;
    }

    private static string Required(Dictionary<string, string> settings, string name) =>
        settings.TryGetValue(name, out var value) && value.Length > 0
            ? value
            : throw new FormatException($"Connection string has no {name}; it needs AccountName and AccountKey, or UseDevelopmentStorage=true.");

    private static byte[] DecodeKey(string accountKey)
    {
        try
        {
            return Convert.FromBase64String(accountKey);
        }
        catch (FormatException ex)
        {
            throw new FormatException("Connection string AccountKey is not base64, so it cannot be the key of a storage account.", ex);
        }
    }

    private static Uri TableEndpointOf(Dictionary<string, string> settings, string accountName)
    {
        if (settings.TryGetValue("TableEndpoint", out var endpoint))
        {
            return Uri.TryCreate(endpoint.TrimEnd('/'), UriKind.Absolute, out var uri)
                ? uri
                : throw new FormatException($"Connection string TableEndpoint '{endpoint}' is not an absolute URI.");
        }
        var protocol = settings.GetValueOrDefault("DefaultEndpointsProtocol", "https");
        var suffix = settings.GetValueOrDefault("EndpointSuffix", "core.windows.net");
        return new Uri($"{protocol}://{accountName}.table.{suffix}");
    }
}
