using Microsoft.Playwright;
using Xunit;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Microsoft.Playwright (its Node driver ships in the package; no browser is
/// downloaded). Without Chromium the browser tests skip with the reason, except under CI=true, where
/// starting fails. Screenshots go to <c>OMNICHANNEL_SCREENSHOTS</c> (scripts/test.sh puts them with the results).
/// </summary>
public sealed class ChromiumBrowser : IAsyncLifetime
{
    public const string DefaultPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public string? Unavailable { get; private set; }

    public string ScreenshotFolder { get; } = Environment.GetEnvironmentVariable("OMNICHANNEL_SCREENSHOTS") is { Length: > 0 } folder
        ? folder
        : Path.Combine(Directory.GetCurrentDirectory(), "screenshots");

    public async ValueTask InitializeAsync()
    {
        var path = Environment.GetEnvironmentVariable("OMNICHANNEL_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultPath;
        if (!File.Exists(path))
        {
            Unavailable = $"Chromium is not installed at {path} (scripts/test.sh installs Debian's chromium with apt-get).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                throw new InvalidOperationException($"CI=true and {Unavailable}");
            }

            return;
        }

        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
    }

    public void SkipIfUnavailable() => Assert.SkipWhen(Unavailable is not null, Unavailable ?? string.Empty);

    /// <summary>A fresh browser context (its own cookies) in French, at a desktop size.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        });
        return await context.NewPageAsync();
    }

    public Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
}
