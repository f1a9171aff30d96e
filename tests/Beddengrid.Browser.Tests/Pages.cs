using System.Diagnostics;
using Microsoft.Playwright;

namespace Beddengrid.Browser.Tests;

/// <summary>What the tests read off the pages.</summary>
public static class Pages
{
    public static async Task WaitUntilLive(IPage page) =>
        await page.Locator("#connection[data-state=live]").WaitForAsync(new LocatorWaitForOptions { Timeout = 15_000 });

    /// <summary>A tile's figure as a number, whatever the language's digit grouping.</summary>
    public static async Task<int> Figure(IPage page, string testId)
    {
        var text = await page.GetByTestId(testId).Locator(".tile-value").InnerTextAsync();
        return int.Parse(new string(text.Where(char.IsDigit).ToArray()));
    }

    /// <summary>Waits until a figure satisfies <paramref name="condition"/>; returns how long that took.</summary>
    public static async Task<TimeSpan> WaitForFigure(IPage page, string testId, Func<int, bool> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (!condition(await Figure(page, testId)))
        {
            if (watch.Elapsed > timeout)
            {
                Assert.Fail($"{testId} is {await Figure(page, testId)} after {watch.Elapsed.TotalMilliseconds:F0} ms; the condition did not hold within {timeout.TotalMilliseconds} ms.");
            }
            await Task.Delay(25);
        }
        return watch.Elapsed;
    }
}
