using System.Globalization;
using Microsoft.AspNetCore.Http;
using Omnichannel.Contracts;
using Omnichannel.Domain.Metrics;
using Omnichannel.Domain;
using Omnichannel.Hosting.Http;

namespace Omnichannel.Metrics.Http;

/// <summary>
/// Reads the query string of a metrics request: <c>from</c>, <c>to</c> (days, required), <c>channel</c>,
/// <c>motive</c> (a dotted prefix), <c>service</c>, <c>asOf</c> (an instant with its offset; now by
/// default) and <c>format</c> (<c>json</c> or <c>csv</c>). Every problem is reported by parameter name.
/// </summary>
public static class MetricsRequest
{
    private static readonly string[] Known = ["from", "to", "channel", "motive", "service", "asOf", "format", "convention"];

    public static bool TryRead(IQueryCollection parameters, MetricsOptions options, DateTimeOffset now, out MetricsQuery query, out CsvConvention? csv, out Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        var reader = new QueryReader(parameters, Known);

        var from = Day(reader, "from");
        var to = Day(reader, "to");
        if (from is { } f && to is { } t)
        {
            if (t < f)
            {
                reader.Fail("to", "Must be on or after 'from'.");
            }
            else if (t.DayNumber - f.DayNumber + 1 > options.MaxPeriodDays)
            {
                reader.Fail("to", $"The period may cover at most {options.MaxPeriodDays} days.");
            }
        }

        Channel? channel = null;
        if (reader.Single("channel") is { } channelText)
        {
            if (Enum.GetValues<Channel>().Where(c => c.ToString().ToLowerInvariant() == channelText).Select(c => (Channel?)c).FirstOrDefault() is { } parsed)
            {
                channel = parsed;
            }
            else
            {
                reader.Fail("channel", "Must be one of web, phone, email, sms, chat, counter, mail.");
            }
        }

        var motive = reader.Single("motive");
        if (motive is not null && (motive.Length > 100 || !Formats.MotiveCode().IsMatch(motive)))
        {
            reader.Fail("motive", "Must be a lowercase dotted code of 1-100 characters, such as income-tax or income-tax.correction.");
        }

        var service = reader.Single("service");
        if (service is not null && (service.Length is 0 or > 100 || service.Any(char.IsControl)))
        {
            reader.Fail("service", "Must be 1-100 printable characters.");
        }

        var asOf = now;
        if (reader.Single("asOf") is { } asOfText)
        {
            if (!Formats.TryParseInstant(asOfText, out asOf))
            {
                reader.Fail("asOf", "Must be an ISO-8601 date-time with its offset, such as 2026-03-31T23:59:59+02:00.");
            }
        }

        csv = null;
        if (reader.Single("format") is { } format)
        {
            csv = format == "csv" ? CsvConvention.French : null;
            if (csv is null && format != "json")
            {
                reader.Fail("format", "Must be json or csv.");
            }
        }

        if (reader.Single("convention") is { } convention)
        {
            if (convention is not ("fr" or "machine"))
            {
                reader.Fail("convention", "Must be fr (French spreadsheets: ';', decimal comma, French headers) or machine (',', '.', English headers).");
            }
            else if (csv is not null && convention == "machine")
            {
                csv = CsvConvention.Machine;
            }
        }

        errors = reader.Errors;
        query = new MetricsQuery { From = from ?? default, To = to ?? default, Channel = channel, Motive = motive, Service = service, AsOf = asOf };
        return errors.Count == 0;
    }

    private static DateOnly? Day(QueryReader reader, string name)
    {
        var text = reader.Required(name, "a day, such as 2026-03-01");
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            if (CalendarBounds.Contains(day))
            {
                return day;
            }

            reader.Fail(name, $"Must be between {CalendarBounds.FirstDay:yyyy-MM-dd} and {CalendarBounds.LastDay:yyyy-MM-dd}.");
            return null;
        }

        reader.Fail(name, "Must be a day, such as 2026-03-01.");
        return null;
    }
}
