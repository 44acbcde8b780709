using Omnichannel.Contracts;
using Omnichannel.Portal.Pages;
using Xunit;

namespace Omnichannel.Portal.Tests;

/// <summary>Issue 21, French formatting from one place: dates, numbers, plurals, phone numbers.</summary>
public sealed class FrenchTests
{
    private static readonly TimeSpan Paris = TimeSpan.FromHours(1);

    [Fact]
    public void The_first_of_a_month_is_an_ordinal_and_the_others_are_not()
    {
        Assert.Equal("1er décembre 2026", French.Day(new DateTimeOffset(2026, 12, 1, 9, 0, 0, Paris)));
        Assert.Equal("2 décembre 2026", French.Day(new DateTimeOffset(2026, 12, 2, 9, 0, 0, Paris)));
        Assert.Equal("mar. 1er déc. 2026, 09:05", French.DateTime(new DateTimeOffset(2026, 12, 1, 9, 5, 0, Paris)));
        Assert.Equal("lun. 2 mars 2026, 14:30", French.DateTime(new DateTimeOffset(2026, 3, 2, 14, 30, 0, Paris)));
    }

    [Theory]
    [InlineData("01/12/2026", 2026, 12, 1)]
    [InlineData("1/3/2026", 2026, 3, 1)]
    [InlineData(" 31/12/2026 ", 2026, 12, 31)]
    [InlineData("2026-03-02", 2026, 3, 2)]
    public void Date_fields_read_french_days_and_the_iso_form_of_links(string text, int year, int month, int day)
    {
        Assert.True(French.TryParseDateField(text, out var read));
        Assert.Equal(new DateOnly(year, month, day), read);
        Assert.Equal(read, French.TryParseDateField(French.DateField(read), out var again) ? again : default);
    }

    [Theory]
    [InlineData("12/31/2026")]
    [InlineData("31/02/2026")]
    [InlineData("demain")]
    [InlineData("")]
    [InlineData(null)]
    public void Date_fields_refuse_what_is_not_a_french_day(string? text) => Assert.False(French.TryParseDateField(text, out _));

    [Fact]
    public void Date_fields_write_the_day_first() => Assert.Equal("01/12/2026", French.DateField(new DateOnly(2026, 12, 1)));

    [Fact]
    public void Numbers_and_percentages_take_french_separators()
    {
        Assert.Equal("6\u202F029", French.Number(6029));
        Assert.Equal("1\u202F234\u202F567", French.Number(1_234_567));
        Assert.Equal("12,5\u202F%", French.Percent(0.125));
        Assert.Equal("100\u202F%", French.Percent(1));
        Assert.Equal("–", French.Percent(null));
    }

    [Theory]
    [InlineData(0, "0 contact")]
    [InlineData(1, "1 contact")]
    [InlineData(2, "2 contacts")]
    [InlineData(6029, "6\u202F029 contacts")]
    public void Zero_and_one_take_the_singular(long count, string expected) =>
        Assert.Equal(expected, French.Count(count, "contact", "contacts"));

    [Theory]
    [InlineData("+33648529174", "06 48 52 91 74")]
    [InlineData("+33140506070", "01 40 50 60 70")]
    [InlineData("+442079460958", "+44 20 7946 0958")]
    [InlineData("not a number", "not a number")]
    public void Phone_numbers_are_shown_as_dialled_from_france(string stored, string shown)
    {
        Assert.Equal(shown, French.Phone(stored));
        Assert.Equal(shown, French.Value(new Identifier { Type = IdentifierType.Phone, Value = stored }));
    }

    [Fact]
    public void Other_identifiers_are_shown_as_stored()
    {
        Assert.Equal("w@example.fr", French.Value(new Identifier { Type = IdentifierType.Email, Value = "w@example.fr" }));
        Assert.Equal("1234567890123", French.Value(new Identifier { Type = IdentifierType.TaxId, Value = "1234567890123" }));
    }
}
