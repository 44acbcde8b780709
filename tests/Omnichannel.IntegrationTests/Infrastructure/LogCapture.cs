using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Omnichannel.IntegrationTests.Infrastructure;

/// <summary>Keeps every log line the host writes (message and exception), to check what it tells.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyCollection<string> Lines => _lines;

    /// <summary>Each entry's formatted message alone, without its exception: what a log line says.</summary>
    public IReadOnlyCollection<string> Messages => _messages;

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _lines, _messages);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<string> lines, ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            messages.Enqueue($"{category}: {message}");
            lines.Enqueue($"{logLevel} {category}: {message} {exception}");
        }
    }
}
