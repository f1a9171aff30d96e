namespace Beddengrid.Testing;

/// <summary>The standalone frontend host as its own process, following the given silos.</summary>
public static class StandaloneFrontend
{
    public static async Task<DotnetProcess> StartAsync(IEnumerable<Uri> silos, string feedKey, IEnumerable<string>? arguments = null)
    {
        var frontend = DotnetProcess.Start(
            DotnetProcess.BuiltAssembly("FrontendHost", "Beddengrid.Frontend.Host.dll"), LoopbackPort.Free(),
            ["--Silo:Urls", string.Join(';', silos), "--Silo:ApiKey", feedKey, .. arguments ?? []]);
        await frontend.WaitUntil("index.html", TimeSpan.FromSeconds(60));
        return frontend;
    }
}
