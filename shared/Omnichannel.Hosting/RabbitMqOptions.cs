using System.ComponentModel.DataAnnotations;

namespace Omnichannel.Hosting;

/// <summary>The RabbitMQ broker, for the distributed way of running; bound from <c>RabbitMq</c> (env <c>RabbitMq__Host</c>...).</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    [Required]
    public string Host { get; set; } = "127.0.0.1";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    [Required]
    public string Password { get; set; } = "guest";

    /// <summary>Messages each consumer may hold unacknowledged; 200 measured best on these machines.</summary>
    [Range(1, 10_000)]
    public ushort Prefetch { get; set; } = 200;

    /// <summary>
    /// Declare the durable queues as quorum queues (replicated across a RabbitMQ cluster, the production
    /// choice); the per-process temporary queues stay classic. Takes effect when a queue is first declared.
    /// </summary>
    public bool QuorumQueues { get; set; }
}
