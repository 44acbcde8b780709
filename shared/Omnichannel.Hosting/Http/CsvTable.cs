using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Omnichannel.Hosting.Http;

/// <summary>
/// A CSV export in one of two conventions (<see cref="CsvConvention"/>): French spreadsheets split on <c>;</c>
/// and read a decimal comma, and want a BOM to take the file as UTF-8; programs want RFC 4180 as it is.
/// A cell is text, a number, a day, null (empty) or <see cref="Masked"/> (a small count: « &lt; 5 », for the metrics).
/// </summary>
public sealed class CsvTable(CsvConvention convention, int threshold = 0)
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr-FR");
    private readonly StringBuilder _text = new();

    /// <summary>A cell computed from too few contacts.</summary>
    public static readonly object Masked = new();

    private char Separator => convention == CsvConvention.French ? ';' : ',';

    public bool IsFrench => convention == CsvConvention.French;

    /// <summary>The header: the French names or the machine ones.</summary>
    public CsvTable Header(params (string Machine, string French)[] columns) =>
        Row([.. columns.Select(c => (object?)(IsFrench ? c.French : c.Machine))]);

    public CsvTable Row(params object?[] cells)
    {
        _text.AppendJoin(Separator, cells.Select(Cell)).Append("\r\n");
        return this;
    }

    public const string ContentType = "text/csv; charset=utf-8";

    public IResult ToFile(string name) => TypedResults.File(ToBytes(), ContentType, $"{name}.csv");

    /// <summary>The file's bytes: UTF-8, with a BOM in the French convention.</summary>
    public byte[] ToBytes()
    {
        var body = Encoding.UTF8.GetBytes(_text.ToString());
        return IsFrench ? [.. Encoding.UTF8.Preamble, .. body] : body;
    }

    private string Cell(object? cell) => cell switch
    {
        null => "",
        _ when ReferenceEquals(cell, Masked) => $"< {threshold.ToString(CultureInfo.InvariantCulture)}",
        string text => Quoted(text),
        int whole => whole.ToString(CultureInfo.InvariantCulture),
        long whole => whole.ToString(CultureInfo.InvariantCulture),
        double number => number.ToString("0.####", IsFrench ? French : CultureInfo.InvariantCulture),
        DateOnly day => IsFrench ? day.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture) : day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => Quoted(Convert.ToString(cell, CultureInfo.InvariantCulture) ?? ""),
    };

    /// <summary>A field quoted when it must be (RFC 4180, with the convention's separator).</summary>
    private string Quoted(string text) =>
        text.IndexOfAny([Separator, '"', '\n', '\r']) < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
