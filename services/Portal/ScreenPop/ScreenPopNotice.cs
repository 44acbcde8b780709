namespace Omnichannel.Portal.ScreenPop;

/// <summary>What an advisor's open page receives when they answer a call: the caller, if known.</summary>
/// <param name="CallId">The phone platform's call id.</param>
/// <param name="At">When the call was answered.</param>
/// <param name="PersonId">The caller's person; null for a caller nobody knows yet.</param>
/// <param name="Service">The service the call reached.</param>
public sealed record ScreenPopNotice(string CallId, DateTimeOffset At, string? PersonId, string? Service);
