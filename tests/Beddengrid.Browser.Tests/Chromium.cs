using System.Diagnostics;
using Microsoft.Playwright;

namespace Beddengrid.Browser.Tests;

/// <summary>Debian's Chromium driven by Playwright; never a downloaded browser build. Installs it when missing and running as root.</summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly string[] Args =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    public static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        await EnsureInstalled();
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ExecutablePath, Headless = true, Args = Args });
    }

    private static async Task EnsureInstalled()
    {
        if (File.Exists(ExecutablePath))
        {
            return;
        }
        if (Environment.UserName != "root")
        {
            throw new InvalidOperationException($"Chromium is not at {ExecutablePath}. Install it with 'sudo apt-get install -y chromium'; the browser tests need it.");
        }
        foreach (var arguments in new[] { "update", "install -y chromium" })
        {
            using var apt = Process.Start(new ProcessStartInfo("apt-get", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = apt.StandardOutput.ReadToEndAsync();
            var error = await apt.StandardError.ReadToEndAsync();
            await apt.WaitForExitAsync();
            if (apt.ExitCode != 0 && arguments != "update")
            {
                throw new InvalidOperationException($"'apt-get {arguments}' failed ({apt.ExitCode}): {error}{await output}");
            }
        }
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"apt-get installed chromium, but {ExecutablePath} is still missing.");
        }
    }
}
