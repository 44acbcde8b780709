namespace Omnichannel.Hosting.Http;

/// <summary>How a CSV export is written.</summary>
public enum CsvConvention
{
    /// <summary>For French spreadsheets: <c>;</c> between fields, a decimal comma, UTF-8 with a BOM, French headers, days as 04/03/2026.</summary>
    French = 0,

    /// <summary>For programs: <c>,</c>, a decimal point, English camelCase headers, ISO days.</summary>
    Machine = 1,
}
