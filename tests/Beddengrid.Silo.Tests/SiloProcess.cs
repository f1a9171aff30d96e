using Beddengrid.Testing;

namespace Beddengrid.Silo.Tests;

/// <summary>The silo as a real child process on 127.0.0.1, with test credentials and a small seed for an empty store.</summary>
public static class SiloProcess
{
    public const string IntakeKey = "test-intake-key";
    public const string DeskKey = "test-desk-key";

    /// <summary>The same users for silos and frontends, so a key works on both.</summary>
    public static readonly string[] Users =
    [
        "--Auth:Users:0:Name", "intake", "--Auth:Users:0:Key", IntakeKey, "--Auth:Users:0:Role", "intake",
        "--Auth:Users:1:Name", "desk", "--Auth:Users:1:Key", DeskKey, "--Auth:Users:1:Role", "desk",
    ];

    /// <summary>A silo on its own SQLite store in <paramref name="dataFolder"/>, once it is ready.</summary>
    public static async Task<DotnetProcess> StartAsync(string dataFolder, int port, TimeSpan readyWithin)
    {
        var silo = Start(["--Store:Kind", "Sqlite", "--Store:DataFolder", dataFolder], port);
        await silo.WaitUntil("health/ready", readyWithin);
        return silo;
    }

    /// <summary>Starts a silo with <paramref name="storeArguments"/> without waiting for it.</summary>
    public static DotnetProcess Start(IEnumerable<string> storeArguments, int port) =>
        DotnetProcess.Start(typeof(Beddengrid.Silo.Api.GridApi).Assembly.Location, port,
        [
            "--Seed:Scale", "0.03", "--Frontend:Enabled", "false",
            "--RateLimit:PermitsPerSecond", "1000000", "--RateLimit:Burst", "1000000",
            "--Logging:LogLevel:Default", "Warning",
            .. Users,
            .. storeArguments,
        ]);
}
