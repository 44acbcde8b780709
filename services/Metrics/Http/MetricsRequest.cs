using System.Globalization;
using Microsoft.AspNetCore.Http;
using Omnichannel.Contracts;
using Omnichannel.Journey;

namespace Omnichannel.Metrics.Http;

/// <summary>
/// Reads the query string of a metrics request: <c>from</c>, <c>to</c> (days, required), <c>channel</c>,
/// <c>motive</c> (a dotted prefix), <c>service</c>, <c>asOf</c> (an instant with its offset; now by
/// default) and <c>format</c> (<c>json</c> or <c>csv</c>). Every problem is reported by parameter name.
/// </summary>
public static class MetricsRequest
{
    private static readonly string[] Known = ["from", "to", "channel", "motive", "service", "asOf", "format"];

    public static bool TryRead(IQueryCollection parameters, MetricsOptions options, DateTimeOffset now, out MetricsQuery query, out bool csv, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Fail(string name, string reason) => (problems.TryGetValue(name, out var list) ? list : problems[name] = []).Add(reason);

        foreach (var name in parameters.Keys.Where(k => !Known.Contains(k, StringComparer.Ordinal)))
        {
            Fail(name, $"Unknown parameter; expected one of {string.Join(", ", Known)}.");
        }

        var from = Day(parameters, "from", Fail);
        var to = Day(parameters, "to", Fail);
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                Fail("to", "Must be on or after 'from'.");
            }
            else if (t.DayNumber - f.DayNumber + 1 > options.MaxPeriodDays)
            {
                Fail("to", $"The period may cover at most {options.MaxPeriodDays} days.");
            }
        }

        Channel? channel = null;
        if (Single(parameters, "channel", Fail) is { } channelText)
        {
            if (Enum.GetValues<Channel>().Where(c => c.ToString().ToLowerInvariant() == channelText).Select(c => (Channel?)c).FirstOrDefault() is { } parsed)
            {
                channel = parsed;
            }
            else
            {
                Fail("channel", "Must be one of web, phone, email, sms, chat, counter, mail.");
            }
        }

        var motive = Single(parameters, "motive", Fail);
        if (motive is not null && (motive.Length > 100 || !Formats.MotiveCode().IsMatch(motive)))
        {
            Fail("motive", "Must be a lowercase dotted code of 1-100 characters, such as income-tax or income-tax.correction.");
        }

        var service = Single(parameters, "service", Fail);
        if (service is not null && (service.Length is 0 or > 100 || service.Any(char.IsControl)))
        {
            Fail("service", "Must be 1-100 printable characters.");
        }

        var asOf = now;
        if (Single(parameters, "asOf", Fail) is { } asOfText)
        {
            if (!Formats.IsoWithOffset().IsMatch(asOfText) || !DateTimeOffset.TryParse(asOfText, CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf))
            {
                Fail("asOf", "Must be an ISO-8601 date-time with its offset, such as 2026-03-31T23:59:59+02:00.");
            }
        }

        csv = false;
        if (Single(parameters, "format", Fail) is { } format)
        {
            csv = format == "csv";
            if (!csv && format != "json")
            {
                Fail("format", "Must be json or csv.");
            }
        }

        errors = problems.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        query = new MetricsQuery { From = from ?? default, To = to ?? default, Channel = channel, Motive = motive, Service = service, AsOf = asOf };
        return errors.Count == 0;
    }

    private static DateOnly? Day(IQueryCollection parameters, string name, Action<string, string> fail)
    {
        var text = Single(parameters, name, fail);
        if (text is null)
        {
            if (parameters[name].Count == 0)
            {
                fail(name, "Required: a day, such as 2026-03-01.");
            }

            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        fail(name, "Must be a day, such as 2026-03-01.");
        return null;
    }

    private static string? Single(IQueryCollection parameters, string name, Action<string, string> fail)
    {
        var values = parameters[name];
        if (values.Count > 1)
        {
            fail(name, "Give it once.");
            return null;
        }

        return values.Count == 1 ? values[0] : null;
    }
}
